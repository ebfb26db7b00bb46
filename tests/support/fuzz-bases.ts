// One valid body per route for the body fuzzer, each using as many fields and part types as the
// route knows, so that changing any one field reaches deep into its translation.

const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PDF_B64 = 'JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PD4+CmVuZG9iagp0cmFpbGVyCjw8Pj4KJSVFT0YK';
const PNG_URL = `data:image/png;base64,${PNG_B64}`;
const PDF_URL = `data:application/pdf;base64,${PDF_B64}`;

const schema = { type: 'object', properties: { path: { type: 'string', description: 'A path.' }, lines: { type: 'array', items: { type: 'integer' } } }, required: ['path'], additionalProperties: false };

export const chatBase = {
  model: 'claude-sonnet-4-5',
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral', ttl: '5m' } }] },
    { role: 'developer', content: 'Rules.' },
    { role: 'user', content: [{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: PNG_URL, detail: 'low' } }, { type: 'image_url', image_url: PNG_URL }, { type: 'file', file: { file_data: PDF_URL, filename: 'a.pdf' } }] },
    { role: 'assistant', content: 'Reading.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } }], reasoning_content: null, refusal: null },
    { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'contents' }, { type: 'image_url', image_url: PNG_URL }] },
    { role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }, { type: 'text', text: 'Done.' }] },
    { role: 'user', content: 'Summarise.', name: 'me' },
  ],
  tools: [{ type: 'function', function: { name: 'read_file', description: 'Read', parameters: schema, strict: true }, cache_control: { type: 'ephemeral' } }],
  tool_choice: { type: 'function', function: { name: 'read_file' } },
  max_tokens: 2048,
  max_completion_tokens: 2048,
  temperature: 0.5,
  top_p: 0.9,
  stop: ['END'],
  n: 1,
  parallel_tool_calls: true,
  user: 'u',
  stream: false,
  stream_options: { include_usage: true },
  thinking: { type: 'enabled', budget_tokens: 1024 },
  prompt_caching: { tools: true, system: true, conversation: true },
  response_format: { type: 'json_schema', json_schema: { name: 'answer', description: 'The answer', schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false }, strict: true } },
};

export const completionsBase = {
  model: 'nova-pro',
  prompt: 'def add(a, b):',
  suffix: '\n\nprint(add(1, 2))',
  max_tokens: 64,
  temperature: 0.2,
  top_p: 0.9,
  stop: ['\n\n'],
  n: 1,
  stream: false,
  stream_options: { include_usage: true },
  echo: false,
  user: 'u',
};

export const embeddingsBase = {
  model: 'titan-embed-v2',
  input: ['hello', 'world'],
  dimensions: 256,
  encoding_format: 'float',
  user: 'u',
  input_type: 'search_document',
  embedding_purpose: 'GENERIC_INDEX',
  truncate: 'END',
};

export const responsesBase = {
  model: 'claude-sonnet-4-5',
  instructions: 'Be brief.',
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Rules.' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Look' }, { type: 'input_image', image_url: PNG_URL, detail: 'low' }, { type: 'input_file', file_data: PDF_URL, filename: 'a.pdf' }, { type: 'input_file', file_data: PDF_B64, filename: 'b.pdf' }] },
    { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Thought.' }], encrypted_content: 'not-sealed-here' },
    { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls"}' },
    { type: 'function_call_output', call_id: 'call_1', output: 'a.txt' },
    { type: 'custom_tool_call', call_id: 'call_2', name: 'apply_patch', input: '*** Begin Patch' },
    { type: 'custom_tool_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'done' }] },
    { type: 'function_call', call_id: 'call_3', name: 'read', namespace: 'mcp__fs__', arguments: '{}' },
    { type: 'function_call_output', call_id: 'call_3', output: [{ type: 'input_image', image_url: PNG_URL }] },
    { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Listed.' }, { type: 'refusal', refusal: 'No.' }] },
    { type: 'web_search_call', id: 'ws_1', status: 'completed' },
    { role: 'user', content: 'Summarise.' },
  ],
  tools: [
    { type: 'function', name: 'exec_command', description: 'Run', parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'], additionalProperties: false }, strict: true },
    { type: 'custom', name: 'apply_patch', description: 'Patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
    { type: 'namespace', name: 'mcp__fs__', description: 'Files', tools: [{ type: 'function', name: 'read', parameters: { type: 'object', properties: {} } }, { type: 'custom', name: 'write' }] },
    { type: 'web_search', external_web_access: false },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: true,
  max_output_tokens: 2048,
  temperature: 0.5,
  top_p: 0.9,
  reasoning: { effort: 'low', summary: 'auto' },
  text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false }, strict: true }, verbosity: 'low' },
  prompt_cache_key: 'k',
  store: false,
  stream: false,
  include: ['reasoning.encrypted_content'],
  truncation: 'disabled',
  metadata: { a: 'b' },
  user: 'u',
  service_tier: 'auto',
};

const anthropicMessages = [
  { role: 'user', content: [{ type: 'text', text: 'Look', cache_control: { type: 'ephemeral' } }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_B64 } }, { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF_B64 }, title: 'a.pdf' }, { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain' } }] },
  { role: 'assistant', content: [{ type: 'thinking', thinking: 'Hmm.', signature: 'c2ln' }, { type: 'redacted_thinking', data: 'cmVk' }, { type: 'text', text: 'Reading.' }, { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'a' } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'contents' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_B64 } }], is_error: false, cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Summarise.' }] },
  { role: 'system', content: 'Late rules.' },
];

const anthropicFields = {
  model: 'claude-sonnet-4-5',
  system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral', ttl: '5m' } }],
  messages: anthropicMessages,
  tools: [{ name: 'read_file', description: 'Read', input_schema: schema, cache_control: { type: 'ephemeral' } }, { type: 'web_search_20250305', name: 'web_search' }, { name: 'later', input_schema: { type: 'object' }, defer_loading: true }],
  tool_choice: { type: 'auto', disable_parallel_tool_use: false },
  temperature: 0.5,
  top_p: 0.9,
  top_k: 10,
  stop_sequences: ['END'],
  metadata: { user_id: 'u' },
  thinking: { type: 'enabled', budget_tokens: 1024, display: 'omitted' },
  output_config: { effort: 'medium' },
  context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
};

export const messagesBase = { ...anthropicFields, max_tokens: 2048, stream: false };
export const countTokensBase = anthropicFields;
