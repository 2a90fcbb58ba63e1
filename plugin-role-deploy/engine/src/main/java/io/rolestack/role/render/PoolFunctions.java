package io.rolestack.role.render;

import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.util.List;
import java.util.Map;

/** {@code primary("db")}: the primary host of a pool, or null; for every Pebble engine that renders from the pools. */
public final class PoolFunctions extends AbstractExtension {
    @Override
    public Map<String, Function> getFunctions() {
        return Map.of("primary", new Function() {
            @Override
            public List<String> getArgumentNames() {
                return List.of("pool");
            }

            @Override
            @SuppressWarnings("unchecked")
            public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
                Object key = args.get("pool");
                Map<String, Object> pools = (Map<String, Object>) context.getVariable("pools");
                Object pool = pools == null ? null : pools.get(String.valueOf(key));
                if (pool == null) {
                    throw new PebbleException(null, "primary(\"" + key + "\"): no pool '" + key + "' (pools: "
                            + (pools == null ? "none" : String.join(", ", pools.keySet())) + ")", line,
                            self.getName());
                }
                return ((Map<String, Object>) pool).get("primary");
            }
        });
    }
}
