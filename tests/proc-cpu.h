/*
 * proc_cpu: CPU seconds (user and system) a process has used so far, read
 * from /proc/PID/stat (Linux), for the tests and the bench that measure
 * live workers, which getrusage cannot see until they are reaped.
 */
#ifndef LEVER_TESTS_PROC_CPU_H
#define LEVER_TESTS_PROC_CPU_H

#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* -1 if unknown (no such process, or no /proc). */
static inline double
proc_cpu(pid_t pid)
{
	char		 file[64], line[1024], *rp;
	unsigned long	 ut, st;
	FILE		*f;
	double		 t = -1;

	snprintf(file, sizeof file, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(file, "r")) == NULL)
		return -1;
	/* after the command's closing parenthesis: fields 3 on; 14 and 15 */
	if (fgets(line, sizeof line, f) != NULL &&
	    (rp = strrchr(line, ')')) != NULL &&
	    sscanf(rp + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
	    "%lu %lu", &ut, &st) == 2)
		t = (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
	fclose(f);
	return t;
}

#endif
