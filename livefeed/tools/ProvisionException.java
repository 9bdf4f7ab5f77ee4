package livefeed.tools;

import livefeed.errors.InvalidInput;

/**
 * A tool could not be provisioned (no archive for this platform, a download that failed or stalled, a checksum that
 * does not match, an unsafe archive): one line that says what and how to get past it; the programs exit 2, as for a
 * missing tool. Nothing half-done is left in the cache.
 */
public final class ProvisionException extends InvalidInput {
    public ProvisionException(String message) {
        super(message);
    }

    public ProvisionException(String message, Throwable cause) {
        super(message, cause);
    }
}
