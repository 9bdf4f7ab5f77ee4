package livefeed.drills;

import livefeed.errors.InvalidInput;

/**
 * The stack a drill was pointed at cannot run it: none is up, it runs without Alertmanager, or its connector does not
 * serve the fault API. The message says which, in the stack's words; the program that started the drill adds the
 * commands that get past it (bring a stack up, or let the drill start its own), since those are its command line's.
 */
public final class StackNotReady extends InvalidInput {
    /** What is missing. */
    public enum Lack {
        /** No stack is recorded in the state folder. */
        STACK,
        /** The stack runs without Alertmanager, and drills verify delivery. */
        ALERTING,
        /** The connector serves no fault API (the stack was brought up without it). */
        FAULT_API
    }

    private final Lack lack;

    StackNotReady(Lack lack, String message) {
        super(message);
        this.lack = lack;
    }

    public Lack lack() {
        return lack;
    }
}
