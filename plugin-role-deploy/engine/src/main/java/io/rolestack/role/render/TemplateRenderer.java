package io.rolestack.role.render;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.Loader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.rolestack.role.catalog.RoleCatalog;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;

/**
 * The one template engine (Pebble) for every config file a role renders.
 * Strict: an unknown variable is an error, not an empty string, so a typo in
 * a template fails the plan instead of writing a broken nginx config.
 * Thread-safe; templates are parsed once per catalog.
 */
public final class TemplateRenderer {
    private final RoleCatalog catalog;
    private final PebbleEngine engine;

    public TemplateRenderer(RoleCatalog catalog) {
        this.catalog = catalog;
        this.engine = new PebbleEngine.Builder()
                .loader(new CatalogLoader(catalog))
                .strictVariables(true)
                .autoEscaping(false)
                // Keep the newline after {{ value }}; block tags trim with {%- ... %} where needed.
                .newLineTrimming(false)
                .extension(new PoolFunctions())
                .build();
    }

    /** Renders {@code roles/<role>/templates/<file>} with {@code model} (see {@link RenderModel}). */
    public String render(String role, String file, Map<String, Object> model) {
        String source = catalog.template(role, file).map(RoleCatalog.TemplateText::source)
                .orElse("roles/" + role + "/templates/" + file);
        try {
            PebbleTemplate t = engine.getTemplate(role + "/" + file);
            StringWriter out = new StringWriter();
            t.evaluate(out, model);
            return out.toString();
        } catch (PebbleException e) {
            String where = e.getLineNumber() == null ? source : source + ":" + e.getLineNumber();
            throw new TemplateException(role, file, where, e.getPebbleMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new TemplateException(role, file, source, String.valueOf(e.getMessage()), e);
        }
    }

    /** Resolves {@code role/file} through the catalog (override directory first); includes stay within the role. */
    private static final class CatalogLoader implements Loader<String> {
        private final RoleCatalog catalog;

        CatalogLoader(RoleCatalog catalog) {
            this.catalog = catalog;
        }

        @Override
        public Reader getReader(String name) {
            int slash = name.indexOf('/');
            String role = name.substring(0, slash);
            String file = name.substring(slash + 1);
            return new StringReader(catalog.template(role, file)
                    .orElseThrow(() -> new PebbleException(null, "no template roles/" + role + "/templates/" + file, null, name))
                    .text());
        }

        @Override
        public void setCharset(String charset) {
        }

        @Override
        public void setPrefix(String prefix) {
        }

        @Override
        public void setSuffix(String suffix) {
        }

        @Override
        public String resolveRelativePath(String relativePath, String anchorPath) {
            if (relativePath.contains("/")) return relativePath;
            return anchorPath.substring(0, anchorPath.indexOf('/') + 1) + relativePath;
        }

        @Override
        public String createCacheKey(String templateName) {
            return templateName;
        }

        @Override
        public boolean resourceExists(String name) {
            int slash = name.indexOf('/');
            return slash > 0 && catalog.template(name.substring(0, slash), name.substring(slash + 1)).isPresent();
        }
    }
}
