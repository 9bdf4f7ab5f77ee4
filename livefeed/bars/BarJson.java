package livefeed.bars;

/** A bar as one JSON line, in the contract's field order; prices and volumes written as exact decimals. */
public final class BarJson {
    private BarJson() {}

    public static String line(Bar b, double[] features) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"venue\":");
        string(out, b.venue());
        out.append(",\"symbol\":");
        string(out, b.symbol());
        out.append(",\"start\":").append(b.start())
                .append(",\"end\":").append(b.end())
                .append(",\"open\":").append(plain(b.open()))
                .append(",\"high\":").append(plain(b.high()))
                .append(",\"low\":").append(plain(b.low()))
                .append(",\"close\":").append(plain(b.close()))
                .append(",\"volume\":").append(plain(b.volume()))
                .append(",\"buy_volume\":").append(plain(b.buyVolume()))
                .append(",\"vwap\":").append(plain(b.vwap()))
                .append(",\"trades\":").append(b.trades());
        if (features != null) {
            out.append(",\"features\":{");
            for (int i = 0; i < features.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append('"').append(Features.NAMES[i]).append("\":");
                double v = features[i];
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    out.append("null");
                } else {
                    out.append(v);
                }
            }
            out.append('}');
        }
        return out.append('}').toString();
    }

    /** The exact decimal, without trailing zeros or exponent: 0.001, 100, 29.3355. */
    static String plain(java.math.BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
