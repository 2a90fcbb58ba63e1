package io.rolestack.role.render;

/** A template that does not parse or render; the message names role, template file and line. */
public class TemplateException extends RuntimeException {
    private final String role;
    private final String template;

    public TemplateException(String role, String template, String where, String message, Throwable cause) {
        super(where + ": role '" + role + "', template " + template + ": " + message, cause);
        this.role = role;
        this.template = template;
    }

    public String role() {
        return role;
    }

    public String template() {
        return template;
    }
}
