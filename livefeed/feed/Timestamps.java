package livefeed.feed;

/** RFC 3339 UTC timestamps ("2023-09-25T07:48:36.925533Z") read in place, without java.time's allocations. */
public final class Timestamps {
    private Timestamps() {}

    /** Epoch microseconds of the RFC 3339 timestamp in {@code s[start, end)}; fractions beyond µs are truncated. */
    public static long parseMicros(String s, int start, int end) {
        if (end - start < 20 || s.charAt(start + 4) != '-' || s.charAt(start + 7) != '-'
                || (s.charAt(start + 10) != 'T' && s.charAt(start + 10) != 't' && s.charAt(start + 10) != ' ')
                || s.charAt(start + 13) != ':' || s.charAt(start + 16) != ':') {
            throw MalformedFrame.INSTANCE;
        }
        int year = digits(s, start, 4), month = digits(s, start + 5, 2), day = digits(s, start + 8, 2);
        int hour = digits(s, start + 11, 2), minute = digits(s, start + 14, 2), second = digits(s, start + 17, 2);
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
            throw MalformedFrame.INSTANCE;
        }
        int i = start + 19;
        long micros = 0;
        if (s.charAt(i) == '.') {
            int n = 0;
            i++;
            while (i < end && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (n < 6) {
                    micros = micros * 10 + (s.charAt(i) - '0');
                }
                n++;
                i++;
            }
            if (n == 0) {
                throw MalformedFrame.INSTANCE;
            }
            for (; n < 6; n++) {
                micros *= 10;
            }
        }
        long offsetSeconds;
        char z = i < end ? s.charAt(i) : 0;
        if ((z == 'Z' || z == 'z') && i + 1 == end) {
            offsetSeconds = 0;
        } else if ((z == '+' || z == '-') && i + 6 == end && s.charAt(i + 3) == ':') {
            offsetSeconds = (digits(s, i + 1, 2) * 3600L + digits(s, i + 4, 2) * 60L) * (z == '+' ? 1 : -1);
        } else {
            throw MalformedFrame.INSTANCE;
        }
        long epochDay = epochDay(year, month, day);
        long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1_000_000 + micros;
    }

    private static int digits(String s, int at, int count) {
        int v = 0;
        for (int i = at; i < at + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw MalformedFrame.INSTANCE;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
