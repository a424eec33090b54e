package io.loomicorn.master;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterSignalsTest {

    @Test
    void readsTheIgnoredSignalsOfAProcessStartedUnderNohupInTheBackground() {
        String status = "Name:\tjava\nSigQ:\t0/95719\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n"
                + "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000003\nSigCgt:\t0000000000000000\n";
        long mask = MasterSignals.ignoredMask(status);
        assertThat(mask & (1L << (1 - 1))).as("HUP").isNotZero();
        assertThat(mask & (1L << (2 - 1))).as("INT").isNotZero();
        assertThat(mask & (1L << (15 - 1))).as("TERM").isZero();
    }

    @Test
    void aStatusWithoutTheLineIsRefused() {
        assertThatThrownBy(() -> MasterSignals.ignoredMask("Name:\tjava\n")).isInstanceOf(IllegalArgumentException.class);
    }
}
