package dev.swaplayer.device;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The contract over a swap file, made afresh in each test's temporary directory.
 *
 * <p>Thread safety: as {@link SwapDeviceContractTest}.
 */
class FileSwapDeviceContractTest extends SwapDeviceContractTest {
    @Override
    SwapDevice newDevice(final Path dir, final long capacity) throws IOException {
        return FileSwapDevice.create(dir.resolve("contract.swap"), capacity, "contract", null);
    }
}
