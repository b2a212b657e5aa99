-- End-to-end test of `claimlint lsp` in a real editor: headless Neovim (>= 0.10) as the client.
-- Usage: nvim --headless -u NONE -i NONE -n -l harness.lua CLAIMLINT FILE ROOT [ENCODING]
-- ENCODING (utf-16): offer only that position encoding instead of Neovim's own list (which
-- has utf-8 first, so claimlint picks utf-8).
-- Prints one JSON line (RESULT {...}) and exits 0, or prints FAIL: reason and exits 1.
-- tests/lsp_nvim.rs runs it and checks the result.

local bin, file, root, offer = arg[1], arg[2], arg[3], arg[4]

local function fail(msg)
  io.stdout:write('FAIL: ' .. msg .. '\n')
  os.exit(1)
end

vim.cmd.edit(file)
local buf = vim.api.nvim_get_current_buf()
local config = { name = 'claimlint', cmd = { bin, 'lsp' }, root_dir = root }
if offer then
  local caps = vim.lsp.protocol.make_client_capabilities()
  caps.general.positionEncodings = { offer }
  config.capabilities = caps
end
local id = vim.lsp.start(config, { bufnr = buf })
if not id then fail('vim.lsp.start returned nil') end

local function by_code(code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then return d end
  end
end

local function wait_for(what, pred)
  if not vim.wait(15000, pred, 20) then fail('timed out waiting for ' .. what) end
end

wait_for('diagnostics', function() return by_code('comparative/superiority') ~= nil end)
local client = vim.lsp.get_client_by_id(id)
local encoding = client.offset_encoding

-- Where the span must be: byte columns in the buffer, and in the negotiated encoding on the wire.
local function expect(code, needle)
  local d = by_code(code)
  if not d then fail('no ' .. code) end
  local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
  local s, e = line:find(needle, 1, true)
  if not s then fail(needle .. ' not on line ' .. d.lnum) end
  if d.col ~= s - 1 or d.end_col ~= e then
    fail(string.format('%s at byte cols %d-%d, expected %d-%d', code, d.col, d.end_col, s - 1, e))
  end
  local wire = d.user_data.lsp.range.start.character
  local want = s - 1
  if encoding == 'utf-16' then want = vim.str_utfindex(line, 'utf-16', s - 1)
  elseif encoding == 'utf-32' then want = vim.str_utfindex(line, 'utf-32', s - 1) end
  if wire ~= want then
    fail(string.format('%s: wire character %d, expected %d in %s', code, wire, want, encoding))
  end
  if d.source ~= 'claimlint' then fail('source ' .. tostring(d.source)) end
  return { line = d.lnum, col = d.col, end_col = d.end_col, wire = wire, severity = d.severity }
end

local result = { encoding = encoding, first = {}, after_edit = {} }
result.first.superiority = expect('comparative/superiority', 'superior to')
result.first.fls = expect('forward-looking/expectation', 'The company expects')
result.first.codes = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do table.insert(result.first.codes, d.code) end
table.sort(result.first.codes)

-- Edit 1: replace the claim; its diagnostic must go.
local sup = by_code('comparative/superiority')
vim.api.nvim_buf_set_text(buf, sup.lnum, sup.col, sup.lnum, sup.end_col, { 'as good as' })
wait_for('the claim to go', function() return by_code('comparative/superiority') == nil end)

-- Edit 2: a new claim after non-ASCII text on a new line; its range must be exact.
vim.api.nvim_buf_set_lines(buf, -1, -1, false, { '', 'Für µg-Dosen ² 😀: the drug is better than placebo.' })
wait_for('the new claim', function() return by_code('comparative/superiority') ~= nil end)
result.after_edit.superiority = expect('comparative/superiority', 'better than')

-- Hover on the new claim goes through too.
local d = by_code('comparative/superiority')
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = d.user_data.lsp.range.start,
}
local resp = client:request_sync('textDocument/hover', params, 5000, buf)
if not resp or not resp.result then fail('no hover') end
result.hover_has_rule = resp.result.contents.value:find('comparative/superiority', 1, true) ~= nil

client:stop()
io.stdout:write('RESULT ' .. vim.json.encode(result) .. '\n')
os.exit(0)
