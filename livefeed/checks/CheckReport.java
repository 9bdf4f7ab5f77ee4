//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.1
package livefeed.checks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a promtest command: a line per check (PASS/FAIL with what is wrong indented below), a summary
 * line, or the same as JSON for CI. Exit code 0 when every check passed, 1 otherwise.
 */
public final class CheckReport {
    private final String command;
    private final List<String> header = new ArrayList<>();
    private final List<CheckResult> results = new ArrayList<>();
    private final List<String> table = new ArrayList<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();

    public CheckReport(String command) {
        this.command = command;
    }

    /** A line printed before the checks (which engine ran, warnings about it). */
    public void header(String line) {
        header.add(line);
    }

    public void add(CheckResult result) {
        results.add(result);
    }

    /** Lines printed after the checks (coverage's table), and the data behind them for --json. */
    public void table(List<String> lines, String key, Object data) {
        table.addAll(lines);
        extra.put(key, data);
    }

    public void put(String key, Object value) {
        extra.put(key, value);
    }

    public List<CheckResult> results() {
        return results;
    }

    public boolean passed() {
        return results.stream().allMatch(CheckResult::passed);
    }

    public int exitCode() {
        return passed() ? 0 : 1;
    }

    public void print(PrintWriter out) {
        header.forEach(out::println);
        for (CheckResult r : results) {
            out.println((r.passed() ? "PASS  " : "FAIL  ") + r.name());
            r.problems().forEach(p -> out.println("      " + p.replace("\n", "\n      ")));
            r.notes().forEach(n -> out.println("      " + n));
        }
        table.forEach(out::println);
        long failed = results.stream().filter(r -> !r.passed()).count();
        out.printf("%s: %d passed, %d failed%n", command, results.size() - failed, failed);
        out.flush();
    }

    public void printJson(PrintWriter out) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("passed", passed());
        json.put("header", header);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckResult r : results) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("name", r.name());
            check.put("passed", r.passed());
            check.put("problems", r.problems());
            check.put("notes", r.notes());
            checks.add(check);
        }
        json.put("checks", checks);
        json.putAll(extra);
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }
}
