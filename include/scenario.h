/*
 * scenario: what a scenario script declares, as plain C data.
 *
 * A script is only ever run inside a worker process (see job.h); the
 * description here is what the worker sends back, so the TUI and the CLI can
 * show levers, assumptions and outputs without running any Lua themselves.
 * Lever and assumption values live apart from the description, in a
 * struct settings, indexed like the declarations.
 */
#ifndef LEVER_SCENARIO_H
#define LEVER_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct diag;

enum lever_kind {
	LEVER_SLIDER,
	LEVER_CHOICE,
	LEVER_TOGGLE,
	LEVER_SPLIT
};

struct lever {
	char		 *name;
	char		 *label;
	char		 *group;
	char		 *description;
	char		 *unit;
	enum lever_kind	  kind;
	int		  line;
	bool		  percent;	/* display = "percent": show value x 100 % */

	double		  min, max, step, def;	/* slider; split parts use step */
	char		**options;		/* choice */
	size_t		  noptions;
	size_t		  def_option;
	bool		  def_on;		/* toggle */
	char		**parts;		/* split */
	double		 *def_parts;
	size_t		  nparts;
};

/*
 * What an assumption's value might be (sample.h draws from it): one draw
 * per sample, the central run keeps the value. DIST_NONE: certain.
 */
enum dist_kind {
	DIST_NONE,
	DIST_NORMAL,		/* p[0] mean, p[1] sd */
	DIST_LOGNORMAL,		/* p[0] meanlog, p[1] sdlog */
	DIST_TRIANGULAR,	/* p[0] min, p[1] mode, p[2] max */
	DIST_UNIFORM,		/* p[0] min, p[1] max */
	DIST_EMPIRICAL		/* values[0..nvalues-1], equally likely */
};

struct distribution {
	enum dist_kind	 kind;
	double		 p[3];
	double		*values;
	size_t		 nvalues;
};

struct assumption {
	char		*name;
	char		*label;
	char		*unit;
	char		*source;
	char		*description;
	double		 value;
	int		 line;
	struct distribution dist;
};

enum total_kind {
	TOTAL_SUM,
	TOTAL_MEAN,
	TOTAL_WMEAN,
	TOTAL_NONE
};

/* Which way an output's change is good for a place. */
enum better {
	BETTER_HIGHER,		/* income, jobs, wellbeing: the default */
	BETTER_LOWER,		/* emissions, gaps, costs */
	BETTER_NEITHER		/* a transfer or a count: no direction */
};

struct output {
	char		*name;
	char		*label;
	char		*unit;
	char		*description;
	enum total_kind	 total;
	char		*weight;	/* TOTAL_WMEAN: baseline column */
	enum better	 better;
	char		*estimate;	/* an output that is nonzero where this
					   one is an estimate; NULL: none */
	int		 line;
};

struct scenario {
	char			*path;		/* the script */
	char			*title;
	char			*description;
	char			*baseline;	/* as written in the script */
	char			*id_col;
	char			*name_col;
	int			 start;
	int			 years;
	bool			 has_settle;

	struct lever		*levers;
	size_t			 nlevers;
	struct assumption	*assumptions;
	size_t			 nassumptions;
	struct output		*outputs;
	size_t			 noutputs;
	/* The modules the script required (require "lib.x"), each one's
	 * file as found beside the script, in the order first required:
	 * what a screen watches besides the script, and a report hashes. */
	char			**modules;
	size_t			 nmodules;
};

/* Lever and assumption values: the inputs a facilitator changes. */
struct lever_value {
	double		 num;		/* slider */
	size_t		 choice;	/* choice: index into options */
	bool		 on;		/* toggle */
	double		*parts;		/* split: nparts shares in percent */
};

struct settings {
	size_t			 nlevers;
	struct lever_value	*levers;
	size_t			 nassumptions;
	double			*assumptions;
	uint64_t		 seed;
};

/*
 * The fields of struct scenario, lever, assumption and output, each once, in
 * the order the wire carries them: what copying, comparing, freeing and the
 * wire format (wire.c) go through. A new field goes in its struct and in its
 * table (scenario.c). The scenario's own table leaves out its levers,
 * assumptions, outputs and modules, which come after it in that order.
 */
enum field_kind {
	FIELD_STR,		/* char *, never NULL */
	FIELD_STR_OPT,		/* char *, NULL for none */
	FIELD_INT,		/* int */
	FIELD_BOOL,		/* bool */
	FIELD_ENUM,		/* an enum, 0 to max */
	FIELD_SIZE,		/* size_t */
	FIELD_NUM,		/* double, compared bit for bit */
	FIELD_STRS,		/* char **, none NULL, as many as the size_t
				   at count */
	FIELD_NUMS,		/* double *, as many as the size_t at count */
	FIELD_PARTS		/* a split: names (char **, none NULL) and
				   shares (double * at shares), as many as
				   the size_t at count */
};

struct scenario_field {
	enum field_kind	 kind;
	size_t		 off;
	size_t		 count;		/* FIELD_STRS, _NUMS, _PARTS */
	size_t		 shares;	/* FIELD_PARTS */
	unsigned	 max;		/* FIELD_ENUM */
};

struct scenario_fields {
	const struct scenario_field	*f;
	size_t				 n;
};

extern const struct scenario_fields scenario_top_fields, scenario_lever_fields,
	    scenario_assumption_fields, scenario_output_fields;

void	 scenario_free(struct scenario *);
/* A deep copy: nothing shared with FROM. */
struct scenario	*scenario_copy(const struct scenario *from);
/* Do A and B declare the same, to the line and the bit? */
bool	 scenario_equal(const struct scenario *, const struct scenario *);
long	 scenario_lever(const struct scenario *, const char *name);
long	 scenario_assumption(const struct scenario *, const char *name);
long	 scenario_output(const struct scenario *, const char *name);
/* The names a script declares them by, and exports show. */
const char *scenario_kind_name(enum lever_kind);
const char *scenario_total_name(enum total_kind);
/* The baseline path to read: the script's, relative to the script's folder. */
char	*scenario_baseline_path(const struct scenario *);
/*
 * The rule for every file a script names (its baseline, any file it makes
 * lever open): NAME, relative to SCRIPT's folder or absolute, must resolve
 * (symbolic links followed) to a file in SCRIPT's folder or a folder below
 * it, with no hidden (dot) folder or file on the way, or in lever's
 * installed data folder. Returns the path to open (NAME joined to the
 * script's folder; as it is when it does not resolve, for the loader to
 * report), or NULL with *CAUSE saying why, naming the --baseline way round.
 */
char	*scenario_open_path(const char *script, const char *name, char **cause);

/* Settings at every declared default. */
struct settings	*settings_new(const struct scenario *);
struct settings	*settings_copy(const struct scenario *, const struct settings *);
void		 settings_free(struct settings *);
/* Does lever I differ between A and B? */
bool		 settings_lever_differs(const struct scenario *,
		    const struct settings *a, const struct settings *b,
		    size_t i);
bool		 settings_equal(const struct scenario *, const struct settings *,
		     const struct settings *);
/* Are all the values finite? Levers and assumptions never hold NaN or inf. */
bool		 settings_finite(const struct scenario *,
		     const struct settings *);
/*
 * Apply "NAME=VALUE" (a lever, "split.part" or an assumption). On a bad name
 * or value return -1 with a message naming the valid range or options.
 */
int		 settings_set(const struct scenario *, struct settings *,
		     const char *assignment, char **cause);
/*
 * Set part PART of split lever LEVER to VALUE (clamped to 0..100) and
 * rebalance the parts not in FIXED (may be NULL) proportionally so that the
 * parts sum to 100. Return -1 with a message if that is impossible.
 */
int		 settings_split(const struct scenario *, struct settings *,
		     size_t lever, size_t part, double value, const bool *fixed,
		     char **cause);
/* Text of a lever's value, e.g. "75%", "capped", "on", "skills 30 / ..." */
char		*settings_format(const struct scenario *, const struct settings *,
		     size_t lever);

#endif
