package livefeed.feed;

/**
 * A forward-only reader over one JSON text that allocates nothing: it hands out spans of the text (keys, strings,
 * numbers) and parses numbers and decimals in place. The venue parsers sit on it because the hot path sees millions of
 * frames a second and a tree (or even a streaming parser per frame) costs more than the work itself.
 * Malformed input throws {@link MalformedFrame#INSTANCE}.
 */
public final class JsonCursor {
    private static final long MAX_BEFORE_DIGIT = (Long.MAX_VALUE - 9) / 10;
    /**
     * Deepest nesting {@link #skipValue()} follows. No venue nests deeper than 4; a hostile frame nested 20,000 deep
     * (40 KB) would otherwise overflow the processing thread's stack.
     */
    public static final int MAX_DEPTH = 64;

    private String s;
    private int pos;
    private int end;
    private int keyStart, keyEnd;
    private int valueStart, valueEnd;
    private boolean valueEscaped;
    private int depth;
    /** The last decimal read by {@link #readDecimal()}: {@code unscaled * 10^-scale}, trailing zeros removed. */
    public long unscaled;
    public int scale;

    public JsonCursor reset(String text) {
        s = text;
        pos = 0;
        depth = 0;
        end = text.length();
        return this;
    }

    public String text() {
        return s;
    }

    private void ws() {
        while (pos < end) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                pos++;
            } else {
                return;
            }
        }
    }

    private char peekChar() {
        ws();
        if (pos >= end) {
            throw MalformedFrame.INSTANCE;
        }
        return s.charAt(pos);
    }

    /** The kind of the next value: '{', '[', '"', 't', 'f', 'n', or '0' for a number. */
    public char peek() {
        char c = peekChar();
        return (c == '-' || (c >= '0' && c <= '9')) ? '0' : c;
    }

    public boolean beginObject() {
        if (peekChar() != '{') {
            return false;
        }
        pos++;
        return true;
    }

    public void expectEndOfText() {
        ws();
        if (pos != end) {
            throw MalformedFrame.INSTANCE;
        }
    }

    /** Moves to the next field of the current object and returns true, or consumes its '}' and returns false. */
    public boolean nextField() {
        char c = peekChar();
        if (c == ',') {
            pos++;
            c = peekChar();
            if (c != '"') {
                throw MalformedFrame.INSTANCE;
            }
        }
        if (c == '}') {
            pos++;
            return false;
        }
        readString();
        keyStart = valueStart;
        keyEnd = valueEnd;
        if (peekChar() != ':') {
            throw MalformedFrame.INSTANCE;
        }
        pos++;
        return true;
    }

    public boolean beginArray() {
        if (peekChar() != '[') {
            return false;
        }
        pos++;
        return true;
    }

    /** Moves to the next element of the current array and returns true, or consumes its ']' and returns false. */
    public boolean nextElement() {
        char c = peekChar();
        if (c == ',') {
            pos++;
            return true;
        }
        if (c == ']') {
            pos++;
            return false;
        }
        return true;
    }

    /** The key's only character, or 0 when the key is not one character long (Binance's keys are single letters). */
    public char keyChar() {
        return keyEnd - keyStart == 1 ? s.charAt(keyStart) : 0;
    }

    public boolean keyIs(String name) {
        int len = keyEnd - keyStart;
        return len == name.length() && s.regionMatches(keyStart, name, 0, len);
    }

    /** Reads a string value; its raw span (escapes undecoded) is {@link #valueStart()}..{@link #valueEnd()}. */
    public void readString() {
        if (peekChar() != '"') {
            throw MalformedFrame.INSTANCE;
        }
        int i = ++pos;
        boolean escaped = false;
        while (true) {
            if (i >= end) {
                throw MalformedFrame.INSTANCE;
            }
            char c = s.charAt(i);
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                escaped = true;
                if (i + 1 >= end) {
                    throw MalformedFrame.INSTANCE;
                }
                char e = s.charAt(i + 1);
                if (e == 'u') {
                    if (i + 5 >= end) {
                        throw MalformedFrame.INSTANCE;
                    }
                    for (int k = i + 2; k < i + 6; k++) {
                        if (Character.digit(s.charAt(k), 16) < 0) {
                            throw MalformedFrame.INSTANCE;
                        }
                    }
                    i += 6;
                } else if ("\"\\/bfnrt".indexOf(e) >= 0) {
                    i += 2;
                } else {
                    throw MalformedFrame.INSTANCE;
                }
            } else if (c < 0x20) {
                throw MalformedFrame.INSTANCE;
            } else {
                i++;
            }
        }
        valueStart = pos;
        valueEnd = i;
        valueEscaped = escaped;
        pos = i + 1;
    }

    public int valueStart() {
        return valueStart;
    }

    public int valueEnd() {
        return valueEnd;
    }

    public boolean valueEscaped() {
        return valueEscaped;
    }

    /** True when the string just read equals {@code expected} (compared raw: an escaped value never matches). */
    public boolean stringIs(String expected) {
        int len = valueEnd - valueStart;
        return !valueEscaped && len == expected.length() && s.regionMatches(valueStart, expected, 0, len);
    }

    /** The string just read, decoded (allocates: for rare values, such as an escaped symbol). */
    public String decodedString() {
        if (!valueEscaped) {
            return s.substring(valueStart, valueEnd);
        }
        StringBuilder out = new StringBuilder(valueEnd - valueStart);
        for (int i = valueStart; i < valueEnd; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'u' -> {
                    out.append((char) Integer.parseInt(s, i + 1, i + 5, 16));
                    i += 4;
                }
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                default -> out.append(e);
            }
        }
        for (int i = 0; i < out.length(); i++) {   // an escaped lone surrogate is no text: not a symbol to label
            char c = out.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < out.length() && Character.isLowSurrogate(out.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw MalformedFrame.INSTANCE;
            }
        }
        return out.toString();
    }

    /** Skips one value of any kind; nesting deeper than {@link #MAX_DEPTH} is malformed. */
    public void skipValue() {
        switch (peekChar()) {
            case '"' -> readString();
            case '{' -> {
                enter();
                while (nextField()) {
                    skipValue();
                }
                depth--;
            }
            case '[' -> {
                enter();
                while (nextElement()) {
                    skipValue();
                }
                depth--;
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> numberSpan();
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw MalformedFrame.INSTANCE;
        }
        pos++;
    }

    /** Reads true or false. */
    public boolean readBoolean() {
        char c = peekChar();
        if (c == 't') {
            literal("true");
            return true;
        }
        if (c == 'f') {
            literal("false");
            return false;
        }
        throw MalformedFrame.INSTANCE;
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw MalformedFrame.INSTANCE;
        }
        pos += word.length();
    }

    /** Scans a JSON number per the grammar; its span is valueStart..valueEnd. */
    private void numberSpan() {
        int i = pos;
        if (i < end && s.charAt(i) == '-') {
            i++;
        }
        int digits = i;
        while (i < end && isDigit(s.charAt(i))) {
            i++;
        }
        if (i == digits || (s.charAt(digits) == '0' && i - digits > 1)) {
            throw MalformedFrame.INSTANCE;
        }
        if (i < end && s.charAt(i) == '.') {
            int frac = ++i;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == frac) {
                throw MalformedFrame.INSTANCE;
            }
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = i;
            while (i < end && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == exp) {
                throw MalformedFrame.INSTANCE;
            }
        }
        valueStart = pos;
        valueEnd = i;
        valueEscaped = false;
        pos = i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Reads an integer given as a JSON number or as a string of digits, in one pass. */
    public long readLong() {
        boolean quoted = peekChar() == '"';
        int i = quoted ? pos + 1 : pos;
        boolean negative = i < end && s.charAt(i) == '-';
        if (negative) {
            i++;
        }
        int first = i;
        long v = 0;
        for (char c; i < end && (c = s.charAt(i)) >= '0' && c <= '9'; i++) {
            if (v > MAX_BEFORE_DIGIT) {
                throw MalformedFrame.INSTANCE;
            }
            v = v * 10 + (c - '0');
        }
        if (i == first || (!quoted && s.charAt(first) == '0' && i - first > 1)) {
            throw MalformedFrame.INSTANCE;
        }
        if (quoted) {
            if (i >= end || s.charAt(i) != '"') {
                throw MalformedFrame.INSTANCE;
            }
            i++;
        } else if (i < end && (s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            throw MalformedFrame.INSTANCE;   // not an integer
        }
        pos = i;
        return negative ? -v : v;
    }

    /**
     * Reads a decimal given as a JSON number or a string ("0.00100000", 0.5147, 5e-05) exactly into
     * {@link #unscaled} and {@link #scale}, trailing zeros removed, in one pass over the text. More than 18
     * significant digits is malformed.
     */
    public void readDecimal() {
        boolean quoted = peekChar() == '"';
        int i = quoted ? pos + 1 : pos;
        boolean negative = i < end && s.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        int sc = 0;
        int digits = 0;
        int first = i;
        for (char c; i < end && (c = s.charAt(i)) >= '0' && c <= '9'; i++) {
            if ((v != 0 || c != '0') && ++digits > 18) {
                throw MalformedFrame.INSTANCE;
            }
            v = v * 10 + (c - '0');
        }
        if (i == first || (!quoted && s.charAt(first) == '0' && i - first > 1)) {
            throw MalformedFrame.INSTANCE;
        }
        if (i < end && s.charAt(i) == '.') {
            int fraction = ++i;
            for (char c; i < end && (c = s.charAt(i)) >= '0' && c <= '9'; i++) {
                if ((v != 0 || c != '0') && ++digits > 18) {
                    throw MalformedFrame.INSTANCE;
                }
                v = v * 10 + (c - '0');
                sc++;
            }
            if (i == fraction) {
                throw MalformedFrame.INSTANCE;
            }
        }
        if (i < end && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int exponent = ++i;
            if (i < end && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            while (i < end && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            sc -= parseExponent(exponent, i);
        }
        if (quoted) {
            if (i >= end || s.charAt(i) != '"') {
                throw MalformedFrame.INSTANCE;
            }
            i++;
        }
        pos = i;
        if (v == 0) {
            sc = 0;
        }
        while (sc > 0 && v % 10 == 0) {
            v /= 10;
            sc--;
        }
        while (sc < 0) {
            if (v > Long.MAX_VALUE / 10) {
                throw MalformedFrame.INSTANCE;
            }
            v *= 10;
            sc++;
        }
        unscaled = negative ? -v : v;
        scale = sc;
    }

    private int parseExponent(int i, int stop) {
        boolean negative = false;
        if (i < stop && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int e = 0;
        if (i == stop) {
            throw MalformedFrame.INSTANCE;
        }
        for (; i < stop; i++) {
            char c = s.charAt(i);
            if (!isDigit(c) || e > 100) {
                throw MalformedFrame.INSTANCE;
            }
            e = e * 10 + (c - '0');
        }
        return negative ? -e : e;
    }
}
