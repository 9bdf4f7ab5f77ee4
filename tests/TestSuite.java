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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import livefeed.testsupport.Project;
import livefeed.testsupport.RunsConcurrently;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
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
    /**
     * The main line and three classes beside it. Measured on 2 shared cores (docs/testing.md): the main line took
     * about 3.5 min and the classes beside it about 500 s of class time, so three slots end with the main line; more
     * would add load on the cores without shortening the run.
     */
    static final int PARALLELISM = 4;

    public static void main(String... filters) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("livefeed"))
                .filters(ClassNameFilter.includeClassNamePatterns(classPattern(filters)))
                .configurationParameter("junit.jupiter.displayname.generator.default",
                        "org.junit.jupiter.api.DisplayNameGenerator$ReplaceUnderscores")
                // Classes run one at a time on a main line, except those marked @RunsConcurrently (they mostly wait
                // on real processes), which run beside it: at most PARALLELISM classes at once, main line included.
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "same_thread")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "same_thread")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism",
                        String.valueOf(PARALLELISM))
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.max-pool-size",
                        String.valueOf(PARALLELISM))
                // @Order(n) on the longest classes beside the main line starts them first, so none starts last.
                .configurationParameter("junit.jupiter.testclass.order.default",
                        "org.junit.jupiter.api.ClassOrderer$OrderAnnotation");
        Report report = new Report(System.out);
        LauncherDiscoveryRequest discovery = request.build();
        Launcher launcher = LauncherFactory.create();
        TestPlan plan = launcher.discover(discovery);
        if (runsClassesConcurrently(plan)) {
            buildProgramsFirst();
        }
        launcher.execute(plan, report);
        System.out.println();
        for (String failure : report.failures) {
            System.out.println("FAILED " + failure);
        }
        int passed = report.passed.get(), failed = report.failed.get(), skipped = report.skipped.get();
        System.out.printf("tests: %d passed, %d failed, %d skipped%n", passed, failed, skipped);
        System.exit(failed > 0 || passed == 0 ? 1 : 0);
    }

    private static boolean runsClassesConcurrently(TestPlan plan) {
        List<Class<?>> classes = new ArrayList<>();
        plan.getRoots().forEach(root -> plan.getDescendants(root).forEach(id -> id.getSource()
                .filter(ClassSource.class::isInstance).map(source -> ((ClassSource) source).getJavaClass())
                .ifPresent(classes::add)));
        return classes.size() > 1 && classes.stream().anyMatch(c -> c.isAnnotationPresent(RunsConcurrently.class));
    }

    /**
     * Builds each program once before classes run side by side: JBang has no lock around its build cache, and two
     * first runs of one script at once can break each other's build (jbangdev/jbang#2445). A program that does not
     * build is left to the tests that run it to report.
     */
    private static void buildProgramsFirst() {
        for (String program : List.of("connector.java", "observability.java", "promtest.java", "simulate.java")) {
            Project.run(List.of(Project.launcher().toString(), program, "--help"), Map.of(), Duration.ofMinutes(5));
        }
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

    /**
     * Prints a class's lines together when it ends (classes run side by side: their lines would interleave), and
     * keeps the counts; a failing container counts as one failure.
     */
    static final class Report implements TestExecutionListener {
        final AtomicInteger passed = new AtomicInteger(), failed = new AtomicInteger(), skipped = new AtomicInteger();
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        /** What a test published through JUnit's {@code TestReporter} (a property's examples), shown on its line. */
        final ConcurrentHashMap<String, String> entries = new ConcurrentHashMap<>();
        private final PrintStream out;
        private final ConcurrentHashMap<String, Long> started = new ConcurrentHashMap<>();
        /** The lines of each class that has started and not ended, by the class's unique id. */
        private final ConcurrentHashMap<String, StringBuffer> classLines = new ConcurrentHashMap<>();
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
                classLines.put(id.getUniqueId(), new StringBuffer(id.getDisplayName() + System.lineSeparator()));
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
            print(id, (isClass(id) ? id.getDisplayName() + System.lineSeparator() : "")
                    + "  SKIP " + name(id) + " (" + reason + ")");
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            long millis = (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1_000_000;
            if (id.isTest()) {
                switch (result.getStatus()) {
                    case SUCCESSFUL -> {
                        passed.incrementAndGet();
                        String published = entries.get(id.getUniqueId());
                        print(id, String.format("  PASS %s (%d ms%s)", name(id), millis, published == null ? "" : ", " + published));
                    }
                    case ABORTED -> {
                        skipped.incrementAndGet();
                        print(id, String.format("  SKIP %s (%s)", name(id), reason(result)));
                    }
                    case FAILED -> fail(id, result);
                }
            } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                fail(id, result);
            } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                // An assumption in @BeforeAll: none of the class's tests ran, and each is reported skipped.
                int tests = (int) plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count();
                skipped.addAndGet(Math.max(tests, 1));
                print(id, String.format("  SKIP %s (%s)", name(id), reason(result)));
            } else if (isClass(id)) {
                // The class's whole time, set-up included: what to compare when the suite is made faster.
                print(id, String.format("  (%s: %d ms in all)", id.getDisplayName(), millis));
            }
            StringBuffer lines = isClass(id) ? classLines.remove(id.getUniqueId()) : null;
            if (lines != null) {
                synchronized (out) {
                    out.print(lines);
                    out.flush();
                }
            }
        }

        /** Adds {@code line} to the lines of the class {@code id} is in, or prints it when it is in none. */
        private void print(TestIdentifier id, String line) {
            for (TestIdentifier at = id; at != null; at = plan.getParent(at).orElse(null)) {
                StringBuffer lines = classLines.get(at.getUniqueId());
                if (lines != null) {
                    lines.append(line).append(System.lineSeparator());
                    return;
                }
            }
            synchronized (out) {
                out.println(line);
            }
        }

        private static boolean isClass(TestIdentifier id) {
            return id.isContainer() && id.getSource().map(s -> s.getClass().getSimpleName()).orElse("").equals("ClassSource");
        }

        private void fail(TestIdentifier id, TestExecutionResult result) {
            failed.incrementAndGet();
            failures.add(qualifiedName(id) + ": " + reason(result));
            java.io.StringWriter trace = new java.io.StringWriter();
            result.getThrowable().ifPresent(t -> t.printStackTrace(new java.io.PrintWriter(trace)));
            print(id, "  FAIL " + name(id) + System.lineSeparator() + trace.toString().stripTrailing());
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
