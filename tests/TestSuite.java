///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DESCRIPTION Runs every test of Live Feed Ops (JUnit 5) and ends with one summary line; exits 1 if any failed.
//DEPS org.junit.jupiter:junit-jupiter:5.14.1
//DEPS org.junit.platform:junit-platform-launcher:1.14.1
//DEPS org.quicktheories:quicktheories:0.26
//DEPS org.awaitility:awaitility:4.3.0
//SOURCES ../livefeed/**/*.java
//SOURCES **/*Test.java
//SOURCES support/*.java
// The four programs, for in-process usage and exit-code tests (livefeed.testsupport.InProcess).
//SOURCES ../connector.java ../observability.java ../promtest.java ../simulate.java

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The project's one test command: {@code ./jbang tests/TestSuite.java [CLASS-FILTER...]}.
 * Runs every {@code *Test} class under the {@code livefeed} packages (or those whose simple name contains one of
 * the filters), prints a line per test, and ends with {@code tests: N passed, N failed, N skipped}.
 */
public class TestSuite {

    public static void main(String... filters) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("livefeed"))
                .filters(ClassNameFilter.includeClassNamePatterns(classPattern(filters)))
                .configurationParameter("junit.jupiter.displayname.generator.default",
                        "org.junit.jupiter.api.DisplayNameGenerator$ReplaceUnderscores");
        Report report = new Report(System.out);
        LauncherDiscoveryRequest discovery = request.build();
        LauncherFactory.create().execute(discovery, report);
        System.out.println();
        for (String failure : report.failures) {
            System.out.println("FAILED " + failure);
        }
        int passed = report.passed.get(), failed = report.failed.get(), skipped = report.skipped.get();
        System.out.printf("tests: %d passed, %d failed, %d skipped%n", passed, failed, skipped);
        System.exit(failed > 0 || passed == 0 ? 1 : 0);
    }

    private static String classPattern(String... filters) {
        if (filters.length == 0) {
            return ".*Test";
        }
        List<String> alternatives = new ArrayList<>();
        for (String filter : filters) {
            alternatives.add(".*\\.[^.]*" + Pattern.quote(filter) + "[^.]*Test");
        }
        return String.join("|", alternatives);
    }

    /** Prints a line per test as it ends and keeps the counts; a failing container counts as one failure. */
    static final class Report implements TestExecutionListener {
        final AtomicInteger passed = new AtomicInteger(), failed = new AtomicInteger(), skipped = new AtomicInteger();
        final List<String> failures = new ArrayList<>();
        /** What a test published through JUnit's {@code TestReporter} (a property's examples), shown on its line. */
        final ConcurrentHashMap<String, String> entries = new ConcurrentHashMap<>();
        private final PrintStream out;
        private final ConcurrentHashMap<String, Long> started = new ConcurrentHashMap<>();
        private TestPlan plan;

        Report(PrintStream out) {
            this.out = out;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            this.plan = testPlan;
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            started.put(id.getUniqueId(), System.nanoTime());
            if (isClass(id)) {
                out.println(id.getDisplayName());
            }
        }

        @Override
        public void reportingEntryPublished(TestIdentifier id, org.junit.platform.engine.reporting.ReportEntry entry) {
            entry.getKeyValuePairs().forEach((key, value) -> entries.merge(id.getUniqueId(), value + " " + key,
                    (a, b) -> a + ", " + b));
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            int tests = id.isTest() ? 1 : (int) plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count();
            skipped.addAndGet(Math.max(tests, 1));
            out.println("  SKIP " + name(id) + " (" + reason + ")");
        }

        @Override
        public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
            long millis = (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1_000_000;
            if (id.isTest()) {
                switch (result.getStatus()) {
                    case SUCCESSFUL -> {
                        passed.incrementAndGet();
                        String published = entries.get(id.getUniqueId());
                        out.printf("  PASS %s (%d ms%s)%n", name(id), millis, published == null ? "" : ", " + published);
                    }
                    case ABORTED -> {
                        skipped.incrementAndGet();
                        out.printf("  SKIP %s (%s)%n", name(id), reason(result));
                    }
                    case FAILED -> fail(id, result);
                }
            } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                fail(id, result);
            } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                // An assumption in @BeforeAll: none of the class's tests ran, and each is reported skipped.
                int tests = (int) plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count();
                skipped.addAndGet(Math.max(tests, 1));
                out.printf("  SKIP %s (%s)%n", name(id), reason(result));
            } else if (isClass(id)) {
                // The class's whole time, set-up included: what to compare when the suite is made faster.
                out.printf("  (%s: %d ms in all)%n", id.getDisplayName(), millis);
            }
        }

        private static boolean isClass(TestIdentifier id) {
            return id.isContainer() && id.getSource().map(s -> s.getClass().getSimpleName()).orElse("").equals("ClassSource");
        }

        private void fail(TestIdentifier id, TestExecutionResult result) {
            failed.incrementAndGet();
            failures.add(qualifiedName(id) + ": " + reason(result));
            out.println("  FAIL " + name(id));
            result.getThrowable().ifPresent(t -> t.printStackTrace(out));
        }

        private static String reason(TestExecutionResult result) {
            return result.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse("");
        }

        private static String name(TestIdentifier id) {
            return id.getDisplayName();
        }

        private String qualifiedName(TestIdentifier id) {
            return plan.getParent(id).map(parent -> parent.getDisplayName() + " > ").orElse("") + id.getDisplayName();
        }
    }
}
