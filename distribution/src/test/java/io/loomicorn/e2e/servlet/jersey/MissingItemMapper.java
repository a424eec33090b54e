package io.loomicorn.e2e.servlet.jersey;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.Map;

/** Answers {@link MissingItem} with 404 and a JSON error. */
@Provider
public class MissingItemMapper implements ExceptionMapper<MissingItem> {
    @Override
    public Response toResponse(MissingItem e) {
        return Response.status(404).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", e.getMessage())).build();
    }
}
