package io.loomicorn.springboot.apps.rest;

import jakarta.validation.Valid;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The REST endpoints. */
@RestController
public class ItemController {

    /** Through log4j-api, as many libraries log: Boot's log4j-to-slf4j sends it to logback. */
    private static final Logger LOG = LogManager.getLogger(ItemController.class);

    /** Creates the controller. */
    public ItemController() {
    }

    /**
     * One item; 0 is missing.
     *
     * @param id   the item
     * @param lang an optional language tag
     * @return the item
     */
    @GetMapping("/api/items/{id}")
    public Item item(@PathVariable long id, @RequestParam(defaultValue = "en") String lang) {
        if (id == 0) {
            throw new MissingItemException(id);
        }
        return new Item(id, "item " + id + " " + lang);
    }

    /**
     * Creates an item: validated, answered with 201 and the item as stored.
     *
     * @param item the item
     * @return 201
     */
    @PostMapping("/api/items")
    public ResponseEntity<Item> create(@Valid @RequestBody Item item) {
        LOG.info("creating item {}", item.id());
        return ResponseEntity.status(HttpStatus.CREATED).body(new Item(item.id() * 2, item.name().toUpperCase()));
    }

    /**
     * Waits, as a call to a database or another service does: what the benchmark's I/O-bound
     * scenario asks for.
     *
     * @param ms how long, at most 1000
     * @return the item
     * @throws InterruptedException if the worker stops meanwhile
     */
    @GetMapping("/api/slow")
    public Item slow(@RequestParam(defaultValue = "10") int ms) throws InterruptedException {
        Thread.sleep(Math.min(ms, 1000));
        return new Item(ms, "slow");
    }

    /**
     * Fails: Boot's {@code /error} answers 500.
     *
     * @return never
     */
    @GetMapping("/api/boom")
    public Item boom() {
        throw new IllegalStateException("boom from the controller");
    }

    /**
     * The missing item's answer.
     *
     * @param e the exception
     * @return 404 with a JSON body
     */
    @ExceptionHandler(MissingItemException.class)
    public ResponseEntity<Map<String, String>> missing(MissingItemException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    /**
     * Completed later from another thread.
     *
     * @param id the item
     * @return the deferred item
     */
    @GetMapping("/api/deferred/{id}")
    public DeferredResult<Item> deferred(@PathVariable long id) {
        DeferredResult<Item> result = new DeferredResult<>(10_000L);
        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)
                .execute(() -> result.setResult(new Item(id, "deferred")));
        return result;
    }

    /**
     * Ten Server-Sent Events, one every 20 ms, then the end of the stream.
     *
     * @return the emitter
     */
    @GetMapping("/api/events")
    public SseEmitter events() {
        SseEmitter emitter = new SseEmitter(30_000L);
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 1; i <= 10; i++) {
                    emitter.send(SseEmitter.event().id(Integer.toString(i)).name("tick").data("event " + i));
                    Thread.sleep(20);
                }
                emitter.complete();
            } catch (IOException | InterruptedException e) {
                emitter.completeWithError(e);
            }
        });
        return emitter;
    }

    /**
     * A multipart upload: the file's name, size and SHA-256, and the form field.
     *
     * @param file  the file part
     * @param note  a text part
     * @return what arrived
     * @throws IOException if the part cannot be read
     */
    @PostMapping("/api/upload")
    public Map<String, Object> upload(@RequestPart("file") MultipartFile file, @RequestParam("note") String note)
            throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", file.getOriginalFilename());
        answer.put("size", file.getSize());
        answer.put("sha256", sha256(file.getBytes()));
        answer.put("note", note);
        return answer;
    }

    /**
     * Behind HTTP Basic.
     *
     * @param user the authenticated user
     * @return who it is
     */
    @GetMapping("/api/secure/whoami")
    public Map<String, String> whoami(Principal user) {
        return Map.of("user", user.getName());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
