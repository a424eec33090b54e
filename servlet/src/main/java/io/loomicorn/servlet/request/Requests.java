package io.loomicorn.servlet.request;

import io.loomicorn.servlet.response.ServletResponseImpl;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;

/** Finds the container's own objects under the application's wrappers. */
public final class Requests {

    private Requests() {
    }

    /**
     * Returns the container's request under any wrappers.
     *
     * @param request a request passed to a filter, servlet or dispatcher
     * @return the container's request
     * @throws IllegalArgumentException if the chain does not lead to one
     */
    public static ServletRequestImpl base(ServletRequest request) {
        ServletRequest r = request;
        while (r instanceof ServletRequestWrapper w) {
            r = w.getRequest();
        }
        if (r instanceof ServletRequestImpl impl) {
            return impl;
        }
        throw new IllegalArgumentException("not a request of this container: " + request.getClass().getName());
    }

    /** Returns the container's response of the request's exchange. */
    public static ServletResponseImpl baseResponse(ServletRequest request) {
        return base(request).response();
    }

    /**
     * Returns the container's response under any wrappers.
     *
     * @param response a response passed to a filter, servlet or dispatcher
     * @return the container's response
     */
    public static ServletResponseImpl base(ServletResponse response) {
        ServletResponse r = response;
        while (r instanceof ServletResponseWrapper w) {
            r = w.getResponse();
        }
        if (r instanceof ServletResponseImpl impl) {
            return impl;
        }
        throw new IllegalArgumentException("not a response of this container: " + response.getClass().getName());
    }
}
