package io.loomicorn.e2e.servlet.jersey;

/**
 * An item, as JSON.
 *
 * @param id   its id
 * @param name its name
 */
public record Item(int id, String name) {
}
