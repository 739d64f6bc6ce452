package io.usageanalytics.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/** Closed-loop HTTP load: N workers, each sending its next request as soon as the previous one is answered. */
final class Load {

    /** Latencies (ms) of the answered requests and the wall time they took. */
    record Result(List<Double> latenciesMs, double seconds, int failures, String firstFailure) {

        int count() {
            return latenciesMs.size();
        }

        double perSecond() {
            return count() / seconds;
        }

        /** Nearest-rank percentile. */
        double percentile(double p) {
            List<Double> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.size());
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Load() {
    }

    /**
     * Sends requests from {@code workers} threads for {@code warmUp} (not counted), then for {@code duration}.
     * Requests started in the measured window and answered are counted; the window closes when its last request
     * is answered.
     */
    static Result forDuration(int workers, Duration warmUp, Duration duration, IntFunction<HttpRequest> request,
            Predicate<HttpResponse<String>> ok) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long measureTo = measureFrom + duration.toNanos();
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicInteger sequence = new AtomicInteger();
        long[] lastEnd = new long[workers];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            threads.add(Thread.ofPlatform().name("load-" + w).start(() -> {
                while (true) {
                    long sent = System.nanoTime();
                    if (sent >= measureTo) {
                        return;
                    }
                    boolean measured = sent >= measureFrom;
                    String failure = send(request.apply(sequence.getAndIncrement()), ok);
                    long answered = System.nanoTime();
                    if (measured) {
                        lastEnd[worker] = answered;
                        if (failure == null) {
                            latencies.add((answered - sent) / 1e6);
                        } else {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, failure);
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long end = measureTo;
        for (long e : lastEnd) {
            end = Math.max(end, e);
        }
        return new Result(new ArrayList<>(latencies), (end - measureFrom) / 1e9, failures.get(), firstFailure.get());
    }

    /** Sends {@code count} requests (numbered 0..count-1) from {@code workers} threads, each as soon as one is free. */
    static Result count(int workers, int count, IntFunction<HttpRequest> request, Predicate<HttpResponse<String>> ok)
            throws InterruptedException {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().name("load-" + w).start(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    String failure = send(request.apply(i), ok);
                    if (failure == null) {
                        latencies.add((System.nanoTime() - sent) / 1e6);
                    } else {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, failure);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Result(new ArrayList<>(latencies), (System.nanoTime() - start) / 1e9, failures.get(),
                firstFailure.get());
    }

    /** Sends one request: null when it was answered as expected, else what went wrong. */
    static String send(HttpRequest request, Predicate<HttpResponse<String>> ok) {
        try {
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (ok.test(answer)) {
                return null;
            }
            String body = answer.body();
            return answer.statusCode() + " " + body.substring(0, Math.min(500, body.length()));
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    static HttpResponse<String> answer(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
