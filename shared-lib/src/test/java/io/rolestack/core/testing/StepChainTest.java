package io.rolestack.core.testing;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs small chains (nested classes, not picked up on their own) on the Jupiter engine and checks what is reported. */
class StepChainTest {
    static final List<String> ran = new CopyOnWriteArrayList<>();

    @ExtendWith(StepChain.class)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class BrokenChain {
        int state;

        @BeforeEach
        void before() {
            ran.add("before");
        }

        @Test
        @Order(1)
        void create() {
            ran.add("create");
            state = 1;
        }

        @Test
        @Order(2)
        void grow() {
            ran.add("grow");
            throw new AssertionError("replica db2 did not catch up\nwithin 30 s");
        }

        @Test
        @Order(3)
        void use() {
            ran.add("use");
            assertThat(state).isEqualTo(2); // would fail, unrelated to the real cause
        }

        @Test
        @Order(4)
        void useAgain() {
            ran.add("useAgain");
        }
    }

    @ExtendWith(StepChain.class)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class GoodChain {
        @Test
        @Order(1)
        void one() {
            ran.add("one");
        }

        @Test
        @Order(2)
        void two() {
            ran.add("two");
        }
    }

    private static Events run(Class<?> chain) {
        ran.clear();
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(chain)).execute().testEvents();
    }

    @Test
    void stepsAfterAFailedStepAreAbortedNamingTheStepAndItsCause() {
        Events events = run(BrokenChain.class);

        events.assertStatistics(s -> s.started(4).succeeded(1).failed(1).aborted(2));
        assertThat(ran).containsExactly("before", "create", "before", "grow");
        List<String> aborted = events.aborted().stream().map(StepChainTest::reason).toList();
        assertThat(aborted).hasSize(2).allSatisfy(m -> assertThat(m).isEqualTo(
                "not run: earlier step grow() failed: java.lang.AssertionError: replica db2 did not catch up within 30 s"));
    }

    @Test
    void aChainWithoutFailuresRunsEveryStep() {
        run(GoodChain.class).assertStatistics(s -> s.started(2).succeeded(2).failed(0).aborted(0));
        assertThat(ran).containsExactly("one", "two");
    }

    @Test
    void longCausesAreCutToOneLine() {
        String d = StepChain.describe(new IllegalStateException("x".repeat(1000) + "\n"));
        assertThat(d).startsWith("java.lang.IllegalStateException: xxx").endsWith("…").doesNotContain("\n").hasSize(401);
        assertThat(StepChain.describe(new RuntimeException())).isEqualTo("java.lang.RuntimeException");
    }

    private static String reason(Event e) {
        return e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage();
    }
}
