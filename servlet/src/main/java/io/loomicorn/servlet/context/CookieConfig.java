package io.loomicorn.servlet.context;

import jakarta.servlet.SessionCookieConfig;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The session cookie's settings: {@code JSESSIONID}, HttpOnly, path of the context by default. */
public final class CookieConfig implements SessionCookieConfig {

    private final AppContext context;
    private String name = "JSESSIONID";
    private final Map<String, String> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    CookieConfig(AppContext context) {
        this.context = context;
        attributes.put("HttpOnly", "");
    }

    @Override
    public void setName(String name) {
        context.checkConfigurable();
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("the session cookie name must not be empty");
        }
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void setDomain(String domain) {
        setAttribute("Domain", domain);
    }

    @Override
    public String getDomain() {
        return attributes.get("Domain");
    }

    @Override
    public void setPath(String path) {
        setAttribute("Path", path);
    }

    @Override
    public String getPath() {
        return attributes.get("Path");
    }

    @Override
    @Deprecated
    public void setComment(String comment) {
        context.checkConfigurable();
    }

    @Override
    @Deprecated
    public String getComment() {
        return null;
    }

    @Override
    public void setHttpOnly(boolean httpOnly) {
        setAttribute("HttpOnly", httpOnly ? "" : null);
    }

    @Override
    public boolean isHttpOnly() {
        return attributes.containsKey("HttpOnly");
    }

    @Override
    public void setSecure(boolean secure) {
        setAttribute("Secure", secure ? "" : null);
    }

    @Override
    public boolean isSecure() {
        return attributes.containsKey("Secure");
    }

    @Override
    public void setMaxAge(int maxAge) {
        setAttribute("Max-Age", Integer.toString(maxAge));
    }

    @Override
    public int getMaxAge() {
        String v = attributes.get("Max-Age");
        return v == null ? -1 : Integer.parseInt(v);
    }

    @Override
    public void setAttribute(String name, String value) {
        context.checkConfigurable();
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a cookie attribute name must not be empty");
        }
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public String getAttribute(String name) {
        return attributes.get(name.toLowerCase(Locale.ROOT).equals("httponly") ? "HttpOnly" : name);
    }

    @Override
    public Map<String, String> getAttributes() {
        return Collections.unmodifiableMap(attributes);
    }
}
