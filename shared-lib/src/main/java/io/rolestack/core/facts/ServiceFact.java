package io.rolestack.core.facts;

/** A service as the host's init sees it; {@code installed} is false when there is no unit/init script. */
public record ServiceFact(String name, boolean installed, boolean running, boolean enabled) {
}
