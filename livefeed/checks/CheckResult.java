package livefeed.checks;

import java.util.List;

/** One check: what was checked, and what is wrong (nothing when it passed). Notes are shown either way. */
public record CheckResult(String name, List<String> problems, List<String> notes) {
    public static CheckResult of(String name, List<String> problems) {
        return new CheckResult(name, List.copyOf(problems), List.of());
    }

    public boolean passed() {
        return problems.isEmpty();
    }
}
