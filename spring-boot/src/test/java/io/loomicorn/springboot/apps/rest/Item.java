package io.loomicorn.springboot.apps.rest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * An item, as JSON.
 *
 * @param id   at least 1
 * @param name not blank, at most 20 characters
 */
public record Item(@Min(1) long id, @NotBlank @Size(max = 20) String name) {
}
