package livefeed.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;

/**
 * A test class that spends its time waiting on real processes (a stack coming up, an alert's {@code for:}, a drill):
 * the suite runs it beside the other classes, so its waiting overlaps with their work, while its own tests still run
 * one after the other (a lock named after the class, which JUnit holds for the whole class). The other classes run
 * one at a time on the suite's main line (tests/TestSuite.java). A class marked so must share nothing global with
 * what may run beside it: free ports only, its own temporary folders and state folder, and, if it prints to
 * System.out or System.err in this JVM (an in-process connector logs to stderr), a READ lock on
 * {@code Resources.SYSTEM_OUT}/{@code SYSTEM_ERR}, which keeps it apart from {@link CapturesStandardStreams} classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(providers = RunsConcurrently.OneTestAtATime.class)
public @interface RunsConcurrently {

    /** The class's own lock: its tests share a stack or a state folder, or would load the machine twice over. */
    final class OneTestAtATime implements ResourceLocksProvider {
        @Override
        public Set<Lock> provideForClass(Class<?> testClass) {
            return Set.of(new Lock("class " + testClass.getName()));
        }
    }
}
