/**
 * Faithful models of the Linux kernel's swap slot allocators, for comparison with the swaplayer allocator:
 * {@link dev.swaplayer.kernel.LegacyAllocator} (6.10/6.11, per-CPU per-order clusters taken only from the
 * free list) and {@link dev.swaplayer.kernel.ClusterAllocator} (6.12, cluster order with the free, nonfull,
 * frag and full lists). Both implement {@link dev.swaplayer.kernel.PerCpuAllocator}: the caller picks the
 * simulated CPU, and may mark slots as held only by the swap cache so that the models can reclaim them the
 * way the kernel does when more than half of the device is in use.
 *
 * <p>Reference: {@code mm/swapfile.c} of torvalds/linux at the 6.10 and 6.12 tags, and sections 4, 6 and 7 of
 * {@code kernel-swap.md}. Each class states where it deviates from the kernel.
 */
package dev.swaplayer.kernel;
