/**
 * The MapServer anchor of the OGC benchmark: MapServer 8 (Debian `cgi-mapserver`) as FastCGI (`spawn-fcgi`,
 * two processes) behind its own nginx, serving the bench database's `cameras` as OGC API - Features and
 * as MVT from one mapfile. Everything lives in a temporary directory and on the bench's ports; the processes
 * are ours (started here, stopped by their pid): no shared service is touched. install() asks apt for the
 * packages when a binary is missing (the machine is root; nothing else is installed).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const MAPSERVER_PACKAGES = ['cgi-mapserver', 'mapserver-bin', 'nginx-light', 'spawn-fcgi', 'wrk'];
const MAPSERV = '/usr/lib/cgi-bin/mapserv';

export function install(): void {
  const missing = [MAPSERV, '/usr/sbin/nginx', '/usr/bin/spawn-fcgi', '/usr/bin/wrk'].some((bin) => spawnSync('test', ['-x', bin]).status !== 0);
  if (!missing) return;
  process.stderr.write(`  installing ${MAPSERVER_PACKAGES.join(' ')} (apt)\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...MAPSERVER_PACKAGES], { stdio: 'inherit', env });
  if (r.status !== 0) throw new Error('apt-get install of the MapServer anchor failed');
}

export interface MapServer {
  /** Base of MapServer's OGC API: `${base}/ogcapi/collections/cameras/items`. */
  ogcapi: string;
  /** A z/x/y MVT tile URL of cameras. */
  tile(z: number, x: number, y: number): string;
  stop(): Promise<void>;
}

function mapfile(pg: URL): string {
  const conn = `host=${pg.hostname} port=${pg.port || 5432} dbname=${pg.pathname.slice(1)} user=${decodeURIComponent(pg.username || 'postgres')}`;
  return `MAP
  NAME "pingan"
  EXTENT 113.6 35.2 115.5 36.4
  SIZE 256 256
  PROJECTION "init=epsg:4326" END
  WEB
    METADATA
      "ows_title" "pingan"
      "ows_enable_request" "*"
      "oga_enable_request" "*"
      "ows_srs" "EPSG:4326 EPSG:3857"
      "oga_max_limit" "10000"
    END
  END
  OUTPUTFORMAT
    NAME "mvt"
    DRIVER MVT
    FORMATOPTION "EXTENT=4096"
    FORMATOPTION "EDGE_BUFFER=64"
  END
  LAYER
    NAME "cameras"
    TYPE POINT
    STATUS ON
    CONNECTIONTYPE POSTGIS
    CONNECTION "${conn}"
    DATA "geom FROM (SELECT * FROM cameras) AS t USING UNIQUE id USING SRID=4326"
    PROCESSING "CLOSE_CONNECTION=DEFER"
    PROJECTION "init=epsg:4326" END
    TEMPLATE "none"
    METADATA
      "ows_title" "cameras"
      "gml_include_items" "all"
      "gml_featureid" "id"
      "gml_types" "auto"
      "oga_max_limit" "10000"
    END
  END
END
`;
}

async function waitFor(url: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts spawn-fcgi (port `port + 1`) and nginx (`port`) for a database URL. */
export async function startMapServer(databaseUrl: string, port: number): Promise<MapServer> {
  install();
  const dir = await mkdtemp(path.join(tmpdir(), 'ogc-mapserver-'));
  const map = path.join(dir, 'pingan.map');
  await writeFile(map, mapfile(new URL(databaseUrl)));
  const config = path.join(dir, 'mapserver.conf');
  await writeFile(config, `CONFIG\n  ENV\n    MS_MAP_PATTERN "."\n    OGCAPI_HTML_TEMPLATE_DIRECTORY "/usr/share/mapserver/ogcapi/templates/html-plain/"\n  END\n  MAPS\n    pingan "${map}"\n  END\nEND\n`);
  const fcgi = spawnSync('spawn-fcgi', ['-a', '127.0.0.1', '-p', String(port + 1), '-F', '2', '--', MAPSERV], {
    env: { ...process.env, MAPSERVER_CONFIG_FILE: config },
  });
  if (fcgi.status !== 0) throw new Error(`spawn-fcgi failed: ${fcgi.stderr.toString()}`);
  const fcgiPids = [...`${fcgi.stdout}${fcgi.stderr}`.matchAll(/PID: (\d+)/g)].map((m) => Number(m[1]));
  const nginxConf = path.join(dir, 'nginx.conf');
  await writeFile(nginxConf, `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; fastcgi_temp_path ${dir}/fastcgi; proxy_temp_path ${dir}/proxy; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream mapserv { server 127.0.0.1:${port + 1}; keepalive 16; }
  server {
    listen 127.0.0.1:${port};
    location /ms {
      fastcgi_split_path_info ^(/ms)(/.*)$;
      fastcgi_param QUERY_STRING $query_string;
      fastcgi_param REQUEST_METHOD $request_method;
      fastcgi_param CONTENT_TYPE $content_type;
      fastcgi_param CONTENT_LENGTH $content_length;
      fastcgi_param SCRIPT_NAME /ms;
      fastcgi_param PATH_INFO $fastcgi_path_info;
      fastcgi_param REQUEST_URI $request_uri;
      fastcgi_param SERVER_NAME 127.0.0.1;
      fastcgi_param SERVER_PORT ${port};
      fastcgi_param HTTP_HOST 127.0.0.1:${port};
      fastcgi_param SERVER_PROTOCOL $server_protocol;
      fastcgi_param MAPSERVER_CONFIG_FILE ${config};
      fastcgi_keep_conn on;
      fastcgi_pass mapserv;
    }
  }
}
`);
  const nginx: ChildProcess = spawn('/usr/sbin/nginx', ['-c', nginxConf, '-p', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}/ms`;
  await waitFor(`${base}/pingan/ogcapi?f=json`);
  return {
    ogcapi: `${base}/pingan/ogcapi`,
    tile: (z, x, y) => `${base}?map=pingan&mode=tile&tilemode=gmap&tile=${x}+${y}+${z}&layers=cameras&map.imagetype=mvt`,
    async stop() {
      // Ours only, by pid: the FastCGI children spawn-fcgi reported, then our nginx.
      for (const p of fcgiPids) {
        try {
          process.kill(p, 'SIGKILL'); // a FastCGI mapserv blocked in accept() does not act on SIGTERM
        } catch {
          // already gone
        }
      }
      if (nginx.exitCode === null && nginx.signalCode === null) {
        const exited = new Promise((r) => nginx.once('exit', r));
        nginx.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
