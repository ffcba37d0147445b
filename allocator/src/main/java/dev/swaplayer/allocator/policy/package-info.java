/**
 * The policy registry: every allocation policy by its {@code --policy} name, the built-in ones and plug-ins
 * ({@link dev.swaplayer.allocator.AllocatorProvider}s found with {@link java.util.ServiceLoader}).
 */
package dev.swaplayer.allocator.policy;
