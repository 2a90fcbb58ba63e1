package io.rolestack.core.remote;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FanoutTest {

    @Test
    void resultsKeepOrderAndAFailureDoesNotStopTheOthers() {
        List<Integer> items = IntStream.range(0, 20).boxed().toList();
        List<String> out = Fanout.run(items, 4, i -> {
            if (i == 7) throw new IllegalStateException("host 7 is down");
            return "ok" + i;
        }, (i, e) -> "failed" + i + ":" + e.getMessage());
        assertThat(out).hasSize(20);
        assertThat(out.get(0)).isEqualTo("ok0");
        assertThat(out.get(7)).isEqualTo("failed7:host 7 is down");
        assertThat(out.get(19)).isEqualTo("ok19");
    }

    @Test
    void neverRunsMoreThanTheBoundAtOnceAndDoesReachIt() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch threeIn = new CountDownLatch(3);
        Fanout.run(IntStream.range(0, 12).boxed().toList(), 3, i -> {
            int now = running.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            threeIn.countDown();
            try {
                // Hold the slot until three tasks are inside, so the bound is reached for sure.
                threeIn.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return i;
        }, (i, e) -> -1);
        assertThat(peak.get()).isEqualTo(3);
    }

    @Test
    void badParallelismIsRefused() {
        assertThatThrownBy(() -> Fanout.run(List.of(1), 0, i -> i, (i, e) -> i))
                .hasMessageContaining("parallelism must be >= 1");
    }
}
