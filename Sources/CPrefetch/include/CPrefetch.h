#ifndef ASSETMAP_CPREFETCH_H
#define ASSETMAP_CPREFETCH_H

/// Asks the processor to start loading the cache line holding `address`, for reading soon. A hint only: it never
/// faults, and an address that is never read costs one memory load at most. Swift has no spelling for it.
static inline void assetmap_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
