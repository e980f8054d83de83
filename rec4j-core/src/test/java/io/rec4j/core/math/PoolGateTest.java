package io.rec4j.core.math;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PoolGateTest {
    @Test
    void everyIterationRunsOnceForEveryConcurrentCaller() throws Exception {
        int callers = 8;
        int n = 300;
        AtomicIntegerArray[] seen = new AtomicIntegerArray[callers];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            AtomicIntegerArray mine = new AtomicIntegerArray(n);
            seen[c] = mine;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int rep = 0; rep < 20; rep++) {
                    PoolGate.forEach(n, i -> {
                        double x = 0;
                        for (int k = 0; k < 2000; k++) {
                            x += Math.sqrt(k + i);
                        }
                        if (x > 0) {
                            mine.incrementAndGet(i);
                        }
                    });
                }
            });
            threads.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        for (int c = 0; c < callers; c++) {
            for (int i = 0; i < n; i++) {
                assertEquals(20, seen[c].get(i), "caller " + c + ", iteration " + i);
            }
        }
    }
}
