package dev.swaplayer.device;

import java.nio.file.Path;

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
