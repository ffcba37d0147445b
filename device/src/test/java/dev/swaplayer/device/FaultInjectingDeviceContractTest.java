package dev.swaplayer.device;

import java.io.IOException;
import java.nio.file.Path;

/**
 * With an empty plan the wrapper is transparent: the contract holds over a swap file.
 *
 * <p>Thread safety: as {@link SwapDeviceContractTest}.
 */
class FaultInjectingDeviceContractTest extends SwapDeviceContractTest {
    @Override
    SwapDevice newDevice(final Path dir, final long capacity) throws IOException {
        return new FaultInjectingDevice(FileSwapDevice.create(dir.resolve("fault.swap"), capacity, "", null),
                FaultPlan.NONE);
    }
}
