#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
// mode: pread | populate | fault ; copies the file through a 512 KiB buffer and sums one byte per 4 KiB
int main(int c, char **v) {
  int fd = open(v[2], O_RDONLY); struct stat st; fstat(fd, &st); size_t size = st.st_size;
  size_t W = 512 << 10; char *buf = malloc(W); unsigned long s = 0;
  if (!strcmp(v[1], "pread")) {
    for (size_t off = 0; off < size; off += W) { ssize_t n = pread(fd, buf, W, off); for (ssize_t i = 0; i < n; i += 4096) s += buf[i]; }
  } else {
    int fl = MAP_PRIVATE | (!strcmp(v[1], "populate") ? MAP_POPULATE : 0);
    char *m = mmap(0, size, PROT_READ, fl, fd, 0);
    if (!strcmp(v[1], "fault")) madvise(m, size, MADV_SEQUENTIAL);
    for (size_t off = 0; off < size; off += W) { size_t n = size - off < W ? size - off : W; memcpy(buf, m + off, n); for (size_t i = 0; i < n; i += 4096) s += buf[i]; }
  }
  printf("%lu\n", s); return 0;
}
