package dev.swaplayer.device;

import java.io.IOException;
import java.nio.file.Path;

class FileSwapDeviceContractTest extends SwapDeviceContractTest {
    @Override
    SwapDevice newDevice(final Path dir, final long capacity) throws IOException {
        return FileSwapDevice.create(dir.resolve("contract.swap"), capacity, "contract", null);
    }
}
