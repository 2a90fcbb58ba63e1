package io.rolestack.core.testing;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.TestAbortedException;

/**
 * For a stateful chain of steps ({@code @TestMethodOrder(OrderAnnotation.class)}, one
 * instance per class): once a step fails, every later step of the class is aborted
 * before it runs (before its {@code @BeforeEach} too), with a message naming the step
 * that failed and its cause, instead of running against the broken state and failing
 * with an unrelated assertion. The first failure still fails the build.
 *
 * <pre>@ExtendWith(StepChain.class)
 * &#64;TestInstance(PER_CLASS) &#64;TestMethodOrder(MethodOrderer.OrderAnnotation.class)
 * class ClusterIT { &#64;Test &#64;Order(1) void replicate() {…} &#64;Test &#64;Order(2) void switchover() {…} }</pre>
 */
public final class StepChain implements BeforeEachCallback, TestWatcher {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(StepChain.class);
    private static final String BROKEN = "broken";
    private static final int MAX_CAUSE = 400;

    /** The first step of a chain that did not succeed. */
    record Broken(String step, String cause) {
        String message() {
            return "not run: earlier step " + step + " " + cause;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Broken b = chain(context).get(BROKEN, Broken.class);
        if (b != null) throw new TestAbortedException(b.message());
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        record(context, "failed: " + describe(cause));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        // a step that could not run (its own assumption) leaves the state unknown, too
        if (chain(context).get(BROKEN) == null) record(context, "was aborted: " + describe(cause));
    }

    private static void record(ExtensionContext context, String what) {
        chain(context).getOrComputeIfAbsent(BROKEN, k -> new Broken(context.getDisplayName(), what), Broken.class);
    }

    /** The store of the class the step belongs to (shared by its steps). */
    private static ExtensionContext.Store chain(ExtensionContext context) {
        return context.getParent().orElse(context).getStore(NS);
    }

    static String describe(Throwable cause) {
        if (cause == null) return "(no cause)";
        String m = cause.getMessage() == null ? "" : ": " + cause.getMessage().strip();
        String s = cause.getClass().getName() + m;
        s = s.replace('\n', ' ').replaceAll("\\s+", " ");
        return s.length() <= MAX_CAUSE ? s : s.substring(0, MAX_CAUSE) + "…";
    }
}
