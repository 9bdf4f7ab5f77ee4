package livefeed.connector;

import java.util.function.UnaryOperator;

/**
 * How the person who started the connector gives a setting ("faults", "faults allow remote", "ca file"), for the
 * advice the running connector serves: the 404 of a fault API that is off, the 403 of a remote peer, a TLS refusal on
 * /healthz. The core names settings in its own words; the program that started it (connector.java) names its flags.
 */
@FunctionalInterface
public interface SettingNames extends UnaryOperator<String> {
    /** Without a program's names: "the faults setting". */
    SettingNames IN_DOMAIN_WORDS = setting -> "the " + setting + " setting";
}
