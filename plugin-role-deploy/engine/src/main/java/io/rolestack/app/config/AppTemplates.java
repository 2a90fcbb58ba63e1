package io.rolestack.app.config;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.rolestack.app.source.SourceException;
import io.rolestack.role.render.PoolFunctions;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * Renders an app's config templates (Pebble, kept in the app's repo) as the role engine renders roles': strict
 * (an unknown variable is an error), no escaping, {@code primary("db")}. The model is the same for every host
 * of the pool, so the rendered files are part of the release (and of its id): {@code pools}, {@code env},
 * {@code app} (name, role, base, hostnames).
 */
public final class AppTemplates {
    private final PebbleEngine engine = new PebbleEngine.Builder()
            .loader(new StringLoader())
            .strictVariables(true)
            .autoEscaping(false)
            .newLineTrimming(false)
            .cacheActive(false)
            .extension(new PoolFunctions())
            .build();

    /** {@code source} is the template text; {@code where} names it in errors ({@code app wp: config/wp-config.php.peb}). */
    public String render(String where, String source, Map<String, Object> model) {
        try {
            PebbleTemplate t = engine.getTemplate(source);
            StringWriter out = new StringWriter();
            t.evaluate(out, model);
            return out.toString();
        } catch (PebbleException e) {
            throw new SourceException(where, (e.getLineNumber() == null ? "" : "line " + e.getLineNumber() + ": ")
                    + e.getPebbleMessage());
        } catch (IOException | RuntimeException e) {
            throw new SourceException(where, String.valueOf(e.getMessage()), e);
        }
    }
}
