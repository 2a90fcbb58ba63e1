package io.rolestack.vm.openstack.simulator;

/**
 * One request the simulator answered, as it arrived.
 *
 * @param method      HTTP method
 * @param path        path without the query ({@code /compute/v2.1/servers})
 * @param query       raw query string, empty when none
 * @param body        request body as sent (empty when none)
 * @param status      status the simulator answered with
 * @param startNanos  {@link System#nanoTime()} when the request arrived
 * @param endNanos    {@link System#nanoTime()} when the answer was sent
 */
public record RecordedCall(String method, String path, String query, String body, int status, long startNanos, long endNanos) {

    /** True when the two calls were being served at the same moment. */
    public boolean overlaps(RecordedCall other) {
        return startNanos < other.endNanos && other.startNanos < endNanos;
    }

    /** The most of these calls that were being served at one same moment. */
    public static int maxInFlight(java.util.List<RecordedCall> calls) {
        int max = 0;
        for (RecordedCall c : calls) {
            // At the moment c started, every call that had started and not yet ended was in flight with it.
            int n = (int) calls.stream().filter(o -> o.startNanos <= c.startNanos && o.endNanos > c.startNanos).count();
            max = Math.max(max, n);
        }
        return max;
    }

    public boolean is(String method, String pathSuffix) {
        return this.method.equals(method) && path.endsWith(pathSuffix);
    }

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> " + status;
    }
}
