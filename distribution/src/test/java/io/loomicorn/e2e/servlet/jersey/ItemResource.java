package io.loomicorn.e2e.servlet.jersey;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;

/** Items: path and query parameters, JSON in and out, a mapped exception, an asynchronous response. */
@Path("/items")
@Produces(MediaType.APPLICATION_JSON)
public class ItemResource {

    @GET
    @Path("/{id}")
    public Item get(@PathParam("id") int id, @QueryParam("lang") @DefaultValue("en") String lang) {
        if (id == 0) {
            throw new MissingItem(id);
        }
        return new Item(id, "item " + id + " " + lang);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Item twice(Item in) {
        return new Item(in.id() * 2, in.name().toUpperCase(java.util.Locale.ROOT));
    }

    @GET
    @Path("/async/{id}")
    public void later(@PathParam("id") int id, @Suspended AsyncResponse response) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            response.resume(new Item(id, "resumed on " + (Thread.currentThread().isVirtual() ? "another thread" : "?")));
        });
    }
}
