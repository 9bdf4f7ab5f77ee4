package livefeed.stack;

/** How the stack runs: docker compose, or the same configuration as native processes. */
public enum Backend {
    COMPOSE, NATIVE;

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
