package io.loomicorn.servlet.session;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;

/** An {@link HttpSession}: a view of a {@link SessionRecord} that sends the listeners' events. */
final class HttpSessionImpl implements HttpSession {

    private final SessionManager manager;
    private final SessionRecord record;
    private final boolean isNew;

    HttpSessionImpl(SessionManager manager, SessionRecord record, boolean isNew) {
        this.manager = manager;
        this.record = record;
        this.isNew = isNew;
    }

    SessionRecord record() {
        return record;
    }

    private void checkValid() {
        if (!record.isValid()) {
            throw new IllegalStateException("the session is invalidated");
        }
    }

    @Override
    public long getCreationTime() {
        checkValid();
        return record.creationTime();
    }

    @Override
    public String getId() {
        return record.id();
    }

    @Override
    public long getLastAccessedTime() {
        checkValid();
        return record.lastAccessedTime();
    }

    @Override
    public ServletContext getServletContext() {
        return manager.context();
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        record.maxInactiveSeconds(interval);
    }

    @Override
    public int getMaxInactiveInterval() {
        return record.maxInactiveSeconds();
    }

    @Override
    public Object getAttribute(String name) {
        checkValid();
        return record.attributes().get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        checkValid();
        return Collections.enumeration(new ArrayList<>(record.attributes().keySet()));
    }

    @Override
    public void setAttribute(String name, Object value) {
        checkValid();
        if (name == null) {
            throw new IllegalArgumentException("attribute name must not be null");
        }
        if (value == null) {
            removeAttribute(name);
            return;
        }
        Object old = record.attributes().put(name, value);
        manager.attributeChanged(this, name, value, old);
    }

    @Override
    public void removeAttribute(String name) {
        checkValid();
        Object old = record.attributes().remove(name);
        if (old != null) {
            manager.attributeChanged(this, name, null, old);
        }
    }

    @Override
    public void invalidate() {
        checkValid();
        manager.invalidate(this);
    }

    @Override
    public boolean isNew() {
        checkValid();
        return isNew;
    }
}
