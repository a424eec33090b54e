package io.loomicorn.e2e.servlet.jersey;

/** Thrown for an item that does not exist; mapped to 404 by {@link MissingItemMapper}. */
public class MissingItem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MissingItem(int id) {
        super("no item " + id);
    }
}
