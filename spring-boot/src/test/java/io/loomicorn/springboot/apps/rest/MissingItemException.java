package io.loomicorn.springboot.apps.rest;

/** No such item: the controller's exception handler answers 404 with a JSON body. */
public class MissingItemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param id the item asked for */
    public MissingItemException(long id) {
        super("no item " + id);
    }
}
