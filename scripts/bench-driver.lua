-- bench-driver.lua: the bare-interpreter reference for scripts/bench.
--
-- Runs a lever scenario script under plain `lua5.4`, doing what lever's
-- engine does and nothing more: read the baseline CSV (a plain comma split;
-- the bench writes files without quotes), build one table per area and a
-- copy of it as the first year's prev, define the declaration functions as
-- stubs that collect defaults, run the script, then call project() for every
-- area and year and settle() after each year, reading every declared output
-- of every state into a flat array. No sandbox, no read-only proxies, no
-- instruction budget, no worker process: the practical limit for the rules.
--
-- usage: lua5.4 bench-driver.lua SCRIPT BASELINE.csv [REPS [OUT.csv]]
-- With OUT.csv, each run also writes what `lever run -o OUT.csv` writes:
-- id,name,year,output,value for every area, year and output, each number
-- as lever writes it (%.15g if that reads back as the same number, else
-- %.16g, else %.17g), so the times compare whole runs.
-- Prints one line: areas years reps best_s median_s loop_s first_s, seconds
-- per run from loading the script to the last output read (the CSV is read
-- and its numbers parsed once, before timing, as lever's parent does), the
-- best time of the project/settle loop alone, and the time of the first run
-- (a cold heap in a fresh process, as every lever recompute has).

local script, csvpath, reps = arg[1], arg[2], tonumber(arg[3] or "3")
local outpath = arg[4]
if not script or not csvpath then
  io.stderr:write("usage: lua5.4 bench-driver.lua SCRIPT BASELINE.csv [REPS]\n")
  os.exit(2)
end

-- The baseline: header, rows of cells, number columns parsed.
local function read_csv(path)
  local f = assert(io.open(path, "r"))
  local header, rows = nil, {}
  for line in f:lines() do
    line = line:gsub("\r$", "")
    local cells = {}
    for cell in (line .. ","):gmatch("([^,]*),") do cells[#cells + 1] = cell end
    if not header then header = cells else rows[#rows + 1] = cells end
  end
  f:close()
  local numeric = {}
  for c = 1, #header do
    local all = true
    for r = 1, #rows do
      local v = rows[r][c]
      if v ~= nil and v ~= "" and tonumber(v) == nil then all = false; break end
    end
    numeric[c] = all
  end
  return header, rows, numeric
end

local header, rows, numeric = read_csv(csvpath)

-- The cells as lever's baseline holds them: numbers parsed, missing nil.
local typed = {}
for r = 1, #rows do
  local t = {}
  for c = 1, #header do
    local v = rows[r][c]
    if v ~= nil and v ~= "" then t[c] = numeric[c] and tonumber(v) or v end
  end
  typed[r] = t
end

-- One area's table: every non-missing cell, plus id and name.
local function area_table(r, idc, namec)
  local t, cells = {}, typed[r]
  for c = 1, #header do
    local v = cells[c]
    if v ~= nil then
      if c == idc or c == namec then v = rows[r][c] end
      t[header[c]] = v
    end
  end
  t.id = rows[r][idc]
  t.name = rows[r][namec] or ""
  return t
end

-- A number as lever writes it.
local function num(v)
  local s = string.format("%.15g", v)
  if tonumber(s) ~= v then
    s = string.format("%.16g", v)
    if tonumber(s) ~= v then s = string.format("%.17g", v) end
  end
  return s
end

-- Every result, area by area, year by year, as lever run writes them (the
-- bench's names need no quoting).
local function write_csv(path, n, years, start, ids, namec, outs, res)
  local f = assert(io.open(path, "w"))
  local nout, w = #outs, {}
  f:write("id,name,year,output,value\n")
  for i = 1, n do
    local pre = ids[i] .. "," .. (rows[i][namec] or "") .. ","
    for y = 1, years do
      local base = ((y - 1) * n + (i - 1)) * nout
      for o = 1, nout do
        w[o] = pre .. (start + y) .. "," .. outs[o] .. "," .. num(res[base + o]) .. "\n"
      end
      f:write(table.concat(w, "", 1, nout))
    end
  end
  f:close()
end

local function run_once()
  local decl = { assumptions = {}, levers = {}, outputs = {} }
  local env = setmetatable({}, { __index = _G })
  env.scenario = function(t) decl.scenario = t end
  env.assume = function(name) return function(t) decl.assumptions[name] = t.value end end
  env.lever = function(name) return function(t) decl.levers[name] = t end end
  env.output = function(name)
    return function() decl.outputs[#decl.outputs + 1] = name end
  end
  local chunk = assert(loadfile(script, "t", env))
  chunk()
  local sc = decl.scenario
  local idname, namename = sc.id or "id", sc.name or "name"
  local idc, namec
  for c = 1, #header do
    if header[c] == idname then idc = c end
    if header[c] == namename then namec = c end
  end
  assert(idc, "no id column " .. idname)

  local L = {}
  for name, t in pairs(decl.levers) do
    if t.kind == "slider" then L[name] = t.default or t.min
    elseif t.kind == "choice" then
      L[name] = t.default or t.options[1]
    elseif t.kind == "toggle" then L[name] = t.default or false
    else
      local parts = {}
      for k, v in pairs(t.parts) do
        if type(v) == "table" then parts[v[1]] = v[2] else parts[k] = v end
      end
      L[name] = parts
    end
  end
  local n, years, start = #rows, sc.years or 10, sc.start
  env.A = decl.assumptions
  env.SCENARIO = { title = sc.title, start = start, years = years }
  local ids = {}
  for i = 1, n do ids[i] = rows[i][idc] end
  env.AREAS = ids

  local areas, prevs = {}, {}
  for i = 1, n do
    areas[i] = area_table(i, idc, namec)
    prevs[i] = area_table(i, idc, namec)
  end
  local project, settle = env.project, env.settle
  local outs, nout = decl.outputs, #decl.outputs
  local res, k = {}, 0
  local t0 = os.clock()
  for y = 1, years do
    local year = start + y
    local curs = {}
    for i = 1, n do
      curs[i] = project(areas[i], prevs[i], L, year)
    end
    if settle then
      local states = {}
      for i = 1, n do states[ids[i]] = curs[i] end
      settle(year, states, L)
      for i = 1, n do curs[i] = states[ids[i]] end
    end
    k = (y - 1) * n * nout
    for i = 1, n do
      local st = curs[i]
      for o = 1, nout do
        local v = st[outs[o]]
        if type(v) ~= "number" then error("output " .. outs[o] .. " missing") end
        k = k + 1
        res[k] = v
      end
    end
    prevs = curs
  end
  local loop = os.clock() - t0
  if outpath then write_csv(outpath, n, years, start, ids, namec, outs, res) end
  return n, years, loop
end

local times, n, years, loop, first = {}, 0, 0, math.huge, nil
for r = 1, reps do
  collectgarbage()
  local t0 = os.clock()
  local l
  n, years, l = run_once()
  times[r] = os.clock() - t0
  first = first or times[r]
  loop = math.min(loop, l)
end
table.sort(times)
print(string.format("%d %d %d %.6f %.6f %.6f %.6f", n, years, reps,
  times[1], times[(reps + 1) // 2], loop, first))
