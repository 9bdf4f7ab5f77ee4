package livefeed.connector;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps the connector's control endpoints ({@code /faults}) out of reach of web pages on the same machine. A page can
 * make the browser send a "simple" cross-site request (a form POST, or {@code fetch} with a text/plain body) without
 * asking first, and DNS rebinding lets a page on a name that now resolves to 127.0.0.1 talk to loopback ports. So a
 * control request is refused (403) when it carries an {@code Origin} header (browsers set it on cross-site and on
 * every POST from a page; curl and the drills never do), when its {@code Host} is not a loopback name or address
 * (rebinding always goes through the attacker's name), or, for POST and DELETE, when its {@code Content-Type} is not
 * {@code application/json} (not a simple request: a browser would first ask with a CORS preflight, which is never
 * answered). Bodies are capped (413): the API takes its parameters in the query. {@link HttpRouter} applies it to
 * every route registered as guarded, before the route's handler or its method is looked at.
 */
final class ControlRequestGuard {
    /** The most a control request's body may hold: the API reads its parameters from the query, never from a body. */
    static final int MAX_BODY_BYTES = 4096;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern PORT = Pattern.compile(":\\d{1,5}");

    /** Why a request is refused: the HTTP status, a metric reason and the message for the caller. */
    record Refusal(int status, String reason, String message) {}

    private final boolean allowRemote;
    private final SettingNames names;

    /** {@code allowRemote}: non-loopback peers may call, naming this host by any IP address (never by a DNS name). */
    ControlRequestGuard(boolean allowRemote) {
        this(allowRemote, SettingNames.IN_DOMAIN_WORDS);
    }

    /** {@code names}: how the refusal of a remote peer names the setting that allows remote peers. */
    ControlRequestGuard(boolean allowRemote, SettingNames names) {
        this.allowRemote = allowRemote;
        this.names = names;
    }

    /**
     * Null when the request may go on, else why not: {@link #check} first, then the body, read and dropped (413 when
     * it is over {@link #MAX_BODY_BYTES}).
     */
    Refusal admit(HttpExchange exchange) throws IOException {
        Refusal refusal = check(exchange);
        if (refusal == null && readBody(exchange) == null) {
            refusal = new Refusal(413, "body_too_large", "the request body is over " + MAX_BODY_BYTES
                    + " bytes: the fault API takes its parameters in the query");
        }
        return refusal;
    }

    /** Null when the request may go on, else why not. The body is not read here (see {@link #readBody}). */
    private Refusal check(HttpExchange exchange) {
        InetAddress peer = exchange.getRemoteAddress().getAddress();
        if (!allowRemote && !peer.isLoopbackAddress()) {
            return new Refusal(403, "peer", "the fault API answers loopback peers only "
                    + "(start with " + names.apply("faults allow remote") + " to change that)");
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null) {
            return new Refusal(403, "origin", "requests from web pages (with an Origin header, here '" + clip(origin)
                    + "') are refused: call the fault API from a program, e.g. curl");
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || !hostAllowed(host.strip())) {
            return new Refusal(403, "host", "Host '" + clip(String.valueOf(host)) + "' is refused: the fault API answers "
                    + "requests addressed to localhost, 127.0.0.1 or [::1]"
                    + (allowRemote ? " or to any IP address" : ""));
        }
        String method = exchange.getRequestMethod();
        if ((method.equals("POST") || method.equals("DELETE")) && !isJson(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            return new Refusal(403, "content_type", method + " needs the header 'Content-Type: application/json' "
                    + "(a web page cannot send it without asking first)");
        }
        return null;
    }

    /** The body, at most {@link #MAX_BODY_BYTES}; null when it is longer (answer 413). */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > MAX_BODY_BYTES) {
                    return null;   // refused before reading a byte of it
                }
            } catch (NumberFormatException e) {
                return null;   // the JDK server refuses these itself; never reached
            }
        }
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private boolean hostAllowed(String host) {
        String name;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0 || !portOrNothing(host.substring(end + 1))) {
                return false;
            }
            name = host.substring(1, end);
            return ipAllowed(name);
        }
        int colon = host.indexOf(':');
        if (colon >= 0 && !portOrNothing(host.substring(colon))) {
            return false;   // more than one colon without brackets, or a port that is not a number
        }
        name = (colon < 0 ? host : host.substring(0, colon)).toLowerCase(Locale.ROOT);
        if (name.equals("localhost")) {
            return true;
        }
        return IPV4.matcher(name).matches() && ipAllowed(name);
    }

    /** An IP literal (never looked up in DNS: only literals reach here): loopback, or any with allowRemote. */
    private boolean ipAllowed(String literal) {
        if (!literal.contains(":") && !IPV4.matcher(literal).matches()) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(literal);
            return address.isLoopbackAddress() || allowRemote;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean portOrNothing(String rest) {
        return rest.isEmpty() || PORT.matcher(rest).matches();
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return media.equalsIgnoreCase("application/json");
    }

    private static String clip(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "..." : printable;
    }
}
