package io.loomicorn.springboot.apps.reload;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Says which version of the code serves; the reload test replaces this class. */
@RestController
public class VersionController {

    /** Created by Spring. */
    public VersionController() {
    }

    /**
     * The version.
     *
     * @return {@code v1}
     */
    @GetMapping("/version")
    public String version() {
        return "v1";
    }
}
