package dev.swaplayer.device;

import java.nio.file.Path;

/**
 * The contract with the default device: lz4 and units of one page.
 *
 * <p>Thread safety: as {@link SwapDeviceContractTest}; {@link #afterStep} runs on the test's own thread.
 */
class CompressedRamDeviceContractTest extends SwapDeviceContractTest {
    @Override
    SwapDevice newDevice(final Path dir, final long capacity) {
        return CompressedRamDevice.builder(capacity).build();
    }

    @Override
    void afterStep() {
        ((CompressedRamDevice) device).verifyInvariants();
    }
}
