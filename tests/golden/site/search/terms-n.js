(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{})["terms_n"]={"natural":[0],"nelson":[0],"new":[0],"next":[0],"no":[0],"north":[0],"nov":[0],"ntt":[0]};
