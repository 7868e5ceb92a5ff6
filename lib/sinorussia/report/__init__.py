"""Floor 6, report: the machinery that runs the chapters from outside and publishes them.

Nothing here runs inside a notebook (a chapter's helpers are in notebook/), so editing report/ never
re-executes a notebook: the cache key leaves it out, and only the page is made again.

Modules, each importing only the ones listed before it (no cycle):

    notebooks   reading notebooks as plain JSON: discover, NotebookInfo, title, parameter defaults, source hash
    settings    parameters.yaml (Settings), `-p name=value`, type checks, effective parameters
    cache       what a cache key hashes (library, data, environment), cache records, executed paths
    plan        Job, --only selection, dependency order, keys: everything checked before anything runs
    execute     papermill in forked workers, failures in one paragraph, the summary table
    numbering   Figure/Table N.M, finding captions, CSV downloads (data: URIs), {numref} cross-references
    render      Markdown, highlighted code, one executed notebook as a numbered Chapter
    appendices  (A) the claim ledger, received from the caller, and (B) reproducibility
    pdf         build/report.pdf printed with headless Chromium, page numbers in the contents (two prints)
    typeset     formulas as MathML, typeset once by MathJax in headless Chromium (a self-contained page)
    publish     the jinja page, build/report.html
    build       the whole build: plan, execute, publish, print, with the page's own key
    seminar     student and teacher copies of the notebooks
    sweep       one notebook over a grid of parameter sets, one comparison table
    bench       timings of cold, no-change and one-notebook rebuilds against the naive loop
    cli         the commands report, seminar, bench and sweep; the one module that knows claims/, whose
                render_ledger_html it hands to the build as appendix A
"""
