package livefeed.api;

import livefeed.errors.OutsideFailure;

/** A Prometheus or Alertmanager API call failed; the message names the call and what came back. */
public final class ApiException extends OutsideFailure {
    private final int status;

    public ApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or -1 when nothing answered. */
    public int status() {
        return status;
    }
}
