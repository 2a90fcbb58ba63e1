package io.rolestack.patch;

import io.rolestack.core.inventory.Host;

import java.util.List;

/**
 * What taking a wave's hosts out of service did ({@link PatchRoll.Hosts#takeOut}):
 * drained them from the balancers in front of them, moved the database primary
 * away. {@link #putBack} undoes it for the hosts that came back healthy; the
 * others stay out (a broken app host must not get requests again because its
 * patch ended).
 */
public interface OutOfService {
    /** Nothing was taken out: nothing to put back. */
    OutOfService NONE = notesOnly(List.of());

    /** Nothing was taken out, but there is something to say (why a host was not drained). */
    static OutOfService notesOnly(List<String> notes) {
        List<String> copy = List.copyOf(notes);
        return new OutOfService() {
            @Override
            public List<String> notes() {
                return copy;
            }

            @Override
            public List<String> putBack(List<Host> healthy) {
                return List.of();
            }
        };
    }

    /** What was done, one line each, for the report ("app1 drained from frontend1 …"). */
    List<String> notes();

    /**
     * Puts {@code healthy} back in service and says what it did (and which hosts stay out).
     * Throws when it could not: the roll then stops, the report says where.
     */
    List<String> putBack(List<Host> healthy);
}
