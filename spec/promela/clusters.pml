/*
 * swaplayer: a SPIN model of the concurrent slot-allocation protocol.
 *
 * The protocol is the one of the kernel's swap allocator after the lock rework of 6.14 ("mm, swap: rework
 * of swap allocator locks", Kairui Song): the cluster lock comes first, a cluster is worked on after it is
 * isolated from its list, and the device lock (si->lock) is taken only to move clusters between lists.
 *   - NC = 2 clusters of NS = 2 slots. The two slots of a cluster are buddies: a cluster whose slots are
 *     both free is one free order-1 block, otherwise each free slot is an order-0 block.
 *   - Lists FREE, NONFULL and FULL, guarded by the list lock. NONFULL stands for every partial list
 *     (NONFULL[k] and FRAG[k] of each order); the model has one order, so one partial list suffices.
 *   - One lock per cluster (ci->lock).
 *   - Allocation: isolate (under the list lock, walk NONFULL, then FREE, trylock each cluster's lock and
 *     unlink the first one taken), scan the isolated cluster for a free slot and claim it (splitting its
 *     order-1 block if it was empty), relocate (take the list lock, link the cluster on FULL, NONFULL or
 *     FREE by its fill, drop both locks).
 *   - Free: lock the cluster, release the slot, coalesce with its buddy when that is free, and move the
 *     cluster if its fill changed (FULL -> NONFULL, anything -> FREE when empty).
 * Lock order: cluster lock, then list lock. Isolation holds the list lock but only trylocks a cluster, so
 * it never waits against that order; the safety run checks that no state deadlocks.
 *
 * Every read-modify-write of shared state is a read into a local and a write back, as a CPU does it
 * without a lock; the locks are what make them safe. A list move (unlink from one list and link on
 * another, or into the isolated state) is one step, as list_move under the list lock is indivisible to
 * every thread that takes that lock.
 *
 * -DRACY breaks the protocol: isolation walks the lists without the list lock, unlinks later and takes no
 * cluster lock (so the scan runs unlocked), and free takes neither lock.
 *
 * Bounds (-D, see spec/promela/check): NP threads, each holding up to ALLOCS slots at once, ROUNDS times.
 */

#define NC 2                /* clusters */
#define NS 2                /* slots per cluster: one pair of buddies */
#ifndef NP
#define NP 2                /* allocating threads */
#endif
#ifndef ALLOCS
#define ALLOCS 2            /* slots a thread holds at once */
#endif
#ifndef ROUNDS
#define ROUNDS 2            /* allocate-then-free rounds per thread */
#endif
#define NSLOTS (NC * NS)

#define NONE 255

/* List membership, one bit per list so that "on two lists" is a state the model can reach and detect. */
bit onFree[NC] = 1;         /* every cluster starts empty, on FREE */
bit onNonfull[NC];
bit onFull[NC];
byte iso[NC];               /* how many threads hold cluster k isolated (off every list) */

bit listLock;
bit clusterLock[NC];

bit used[NSLOTS];           /* the slot map: slot in use */
byte holders[NSLOTS];       /* how many threads believe they were given the slot */
byte count[NC];             /* ci->count: slots in use in the cluster */
byte free0[NC];             /* free order-0 blocks in the cluster */
byte free1[NC] = 1;         /* free order-1 blocks in the cluster (0 or 1) */
byte finished;              /* threads that have run to completion */

#define member(k) (onFree[k] + onNonfull[k] + onFull[k] + iso[k])

/* The buddy invariant of one cluster: every free slot in exactly one block, buddies merged. */
#define blocksOk(k) ((count[k] == 0 && free1[k] == 1 && free0[k] == 0) || \
                     (count[k] == 1 && free1[k] == 0 && free0[k] == 1) || \
                     (count[k] == 2 && free1[k] == 0 && free0[k] == 0))

inline lock(l) { atomic { l == 0 -> l = 1 } }
inline unlock(l) { l = 0 }

/* First cluster k on a list (the bit array list) that lock may take; NONE when none. */
#define FIRST_ON(list, k, mayTake) \
  k = 0; \
  do \
  :: k < NC && list[k] == 1 && (mayTake) -> break \
  :: k < NC && !(list[k] == 1 && (mayTake)) -> k++ \
  :: k == NC -> k = NONE; break \
  od

/* Isolate a cluster for allocation: k is the cluster, or NONE when no cluster has a free slot. */
inline isolate(k) {
#ifndef RACY
  lock(listLock);
  d_step {              /* walk NONFULL, then FREE, with a trylock of each cluster's lock; unlink the first */
    FIRST_ON(onNonfull, k, clusterLock[k] == 0);
    if
    :: k != NONE -> onNonfull[k] = 0; clusterLock[k] = 1; iso[k]++
    :: else ->
         FIRST_ON(onFree, k, clusterLock[k] == 0);
         if
         :: k != NONE -> onFree[k] = 0; clusterLock[k] = 1; iso[k]++
         :: else -> skip
         fi
    fi
  }
  unlock(listLock)
#else
  /* RACY: the lists are read without the list lock and no cluster lock is taken; the unlink comes later. */
  d_step {
    FIRST_ON(onNonfull, k, 1);
    fromFree = 0;
    if
    :: k == NONE -> FIRST_ON(onFree, k, 1); fromFree = 1
    :: else -> skip
    fi
  }
  if
  :: k != NONE && fromFree -> d_step { onFree[k] = 0; iso[k]++ }
  :: k != NONE && !fromFree -> d_step { onNonfull[k] = 0; iso[k]++ }
  :: else -> skip
  fi
#endif
}

/* Scan isolated cluster k for a free slot and claim it; s is the slot (NONE when the scan finds none). */
inline scanAndClaim(k, s, t) {
  if
  :: used[k * NS] == 0 -> s = k * NS
  :: else ->
       if
       :: used[k * NS + 1] == 0 -> s = k * NS + 1
       :: else -> s = NONE
       fi
  fi;
  if
  :: s != NONE ->
       used[s] = 1;
       t = holders[s]; holders[s] = t + 1;
       assert(holders[s] == 1);                 /* no double allocation */
       t = count[k]; count[k] = t + 1;
       if
       :: count[k] == 1 -> t = free1[k]; free1[k] = t - 1; t = free0[k]; free0[k] = t + 1   /* split */
       :: else -> t = free0[k]; free0[k] = t - 1
       fi
  :: else -> skip
  fi
}

/* Put isolated cluster k back on the list its fill names, and drop its lock. */
inline relocate(k) {
  lock(listLock);
  d_step {
    assert(iso[k] == 1);                        /* isolated by exactly this thread */
    iso[k]--;
    if
    :: count[k] == NS -> onFull[k] = 1
    :: count[k] == 0 -> onFree[k] = 1
    :: else -> onNonfull[k] = 1
    fi
  }
  unlock(listLock);
#ifndef RACY
  assert(blocksOk(k));
  unlock(clusterLock[k]);
#endif
}

/* Free slot s: release it, coalesce with its buddy, move its cluster if its fill changed. */
inline release(s, k, t) {
  k = s / NS;
#ifndef RACY
  lock(clusterLock[k]);
#endif
  assert(holders[s] == 1 && used[s] == 1);     /* still ours: nobody freed it under us */
  t = holders[s]; holders[s] = t - 1;
  used[s] = 0;
  t = count[k]; count[k] = t - 1;
  if
  :: used[s ^ 1] == 0 -> t = free0[k]; free0[k] = t - 1; t = free1[k]; free1[k] = t + 1   /* coalesce */
  :: else -> t = free0[k]; free0[k] = t + 1
  fi;
#ifndef RACY
  assert(blocksOk(k));
#endif
  if
  :: iso[k] == 0 ->
#ifndef RACY
       lock(listLock);
#endif
       d_step {
         if
         :: count[k] == 0 && onFree[k] == 0 -> onNonfull[k] = 0; onFull[k] = 0; onFree[k] = 1
         :: count[k] > 0 && onFull[k] == 1 -> onFull[k] = 0; onNonfull[k] = 1
         :: else -> skip
         fi
       }
#ifndef RACY
       unlock(listLock)
#endif
  :: else -> skip    /* isolated: its relocation will place it (only reachable when RACY) */
  fi;
#ifndef RACY
  unlock(clusterLock[k])
#endif
}

/* One thread: ROUNDS times, allocate ALLOCS slots (each: isolate, scan and claim, relocate), then free them. */
proctype Thread(byte id) {
  byte k, t, i, s, r;
  bit fromFree;      /* RACY only: which list the unlocked walk found k on */
  byte held[ALLOCS];

  for (r : 1 .. ROUNDS) {
    for (i : 0 .. ALLOCS - 1) {
      isolate(k);
      if
      :: k != NONE -> scanAndClaim(k, s, t); relocate(k)
      :: else -> s = NONE                      /* no cluster with a free slot: the allocation fails */
      fi;
      held[i] = s
    }
    for (i : 0 .. ALLOCS - 1) {
      if
      :: held[i] != NONE -> s = held[i]; release(s, k, t); held[i] = NONE
      :: else -> skip
      fi
    }
  }
  finished++
}

/* When every thread is done, every slot is free and every cluster is one free block on the FREE list. */
active proctype Quiescence() {
  byte k;
  finished == NP;
  for (k : 0 .. NC - 1) {
    assert(count[k] == 0 && free1[k] == 1 && free0[k] == 0);
    assert(onFree[k] == 1 && member(k) == 1)
  }
}

init {
  byte k;
  atomic {
    for (k : 1 .. NP) {
      run Thread(k)
    }
  }
}

#define noDouble (holders[0] <= 1 && holders[1] <= 1 && holders[2] <= 1 && holders[3] <= 1)
#define noLost (member(0) == 1 && member(1) == 1)

/* No slot is ever given to two threads at once. */
ltl no_double_alloc { [] noDouble }
/* Every cluster is, at every moment, on exactly one list or isolated by exactly one thread. */
ltl no_lost_cluster { [] noLost }
